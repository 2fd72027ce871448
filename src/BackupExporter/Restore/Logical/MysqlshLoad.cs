using BackupExporter.Restore.Sandbox;
using BackupExporter.Inspection.Drills;
using BackupExporter.Platform.Processes;

namespace BackupExporter.Restore.Logical;

/// <summary>
/// Restores a MySQL Shell dump with <c>util.loadDump</c>. Without <c>mysqlsh</c> on the host the drill cannot be made:
/// it is reported as unsupported, which is neither a proof nor a failure.
/// </summary>
internal static class MysqlshLoad
{
    public static string? Unsupported() =>
        Executables.Find("mysqlsh") is null
            ? "mysqlsh (MySQL Shell) is not installed on this host: a mysqlsh dump is restored with its util.loadDump"
            : null;

    public static async Task LoadAsync(string directory, SandboxServer sandbox, CancellationToken cancellationToken)
    {
        var mysqlsh = Executables.Find("mysqlsh") ?? throw new DrillFailedException(DrillPhases.Restore, Unsupported()!);
        var script = $"util.loadDump({Json(directory)}, {{threads: 4, skipBinlog: true, waitDumpTimeout: 0, ignoreVersion: true}})";
        var result = await ToolStart.RunAsync(mysqlsh,
            ["--no-wizard", $"--socket={sandbox.SocketPath}", "--user=root", "--js", "-e", script], cancellationToken);
        if (result.ExitCode != 0)
            throw new DrillFailedException(DrillPhases.Restore,
                $"mysqlsh util.loadDump failed with exit code {result.ExitCode}: {result.LastLine}");
    }

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text, DrillOutputJsonContext.Default.String);
}
