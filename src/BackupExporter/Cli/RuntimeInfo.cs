using System.Runtime;

namespace BackupExporter.Cli;

/// <summary>How this process runs, logged at start: a deployment that silently runs the server GC or the JIT build
/// costs the database host memory, and only the process itself can tell.</summary>
internal static class RuntimeInfo
{
    public static string Describe() =>
        $".NET {Environment.Version}, {(IsJit ? "JIT" : "native (ahead-of-time compiled)")}, "
        + $"{(GCSettings.IsServerGC ? "server" : "workstation")} "
            + $"GC{(GCSettings.LatencyMode == GCLatencyMode.Batch ? " (non-concurrent)" : "")}";

    /// <summary>
    /// Whether a JIT compiled this process's code. Not <c>RuntimeFeature.IsDynamicCodeSupported</c>: the project's
    /// PublishAot setting switches that off in the JIT build too; a native binary has compiled no method at run time.
    /// </summary>
    private static bool IsJit => JitInfo.GetCompiledMethodCount() > 0;
}
