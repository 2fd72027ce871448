using System.Runtime;
using System.Runtime.CompilerServices;

namespace BackupExporter.Cli;

/// <summary>How this process runs, logged at start: a deployment that silently runs the server GC or the JIT build
/// costs the database host memory, and only the process itself can tell.</summary>
internal static class RuntimeInfo
{
    public static string Describe() =>
        $".NET {Environment.Version}, {(RuntimeFeature.IsDynamicCodeSupported ? "JIT" : "native (ahead-of-time compiled)")}, "
        + $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC{(GCSettings.LatencyMode == GCLatencyMode.Batch ? " (non-concurrent)" : "")}";
}
