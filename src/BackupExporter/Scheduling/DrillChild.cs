using System.Globalization;
using BackupExporter.Configuration;
using BackupExporter.Inspection.Drills;
using BackupExporter.Platform.Processes;
using BackupExporter.Restore.Sandbox;
using BackupExporter.Restore;

namespace BackupExporter.Scheduling;

/// <summary>
/// Runs one scheduled drill as <c>backup-exporter drill</c> in a child process (the same binary), so that a drill that
/// crashes or runs out of memory cannot take /metrics down. A child that ends without recording an outcome (killed,
/// crashed, or past its timeout plus a margin) gets a failed record written for it.
/// </summary>
internal static class DrillChild
{
    /// <summary>Time the child gets past the drill's own timeout to stop its sandbox and record the outcome.</summary>
    public static TimeSpan Margin(TimeSpan timeout) => TimeSpan.FromMinutes(1) + timeout / 10;

    /// <summary>The command line that starts this binary again: the native build itself, or <c>dotnet backup-exporter.dll</c>.</summary>
    public static (string File, IReadOnlyList<string> Prefix) Self()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("the exporter's own executable is unknown");
        var name = Path.GetFileNameWithoutExtension(process);
        if (name == "dotnet")
            return (process, [Environment.GetCommandLineArgs()[0]]); // the entry assembly, as `dotnet x.dll` was given it
        return (process, []);
    }

    /// <returns>a line for the log: how the drill ended</returns>
    public static async Task<string> RunAsync(string configFile, BackupSetConfig set, DrillHistoryStore store, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var settings = set.RestoreTest!;
        var (file, prefix) = Self();
        // The whole drill at low CPU and I/O priority, not only its sandbox server: the drill's own process and the
        // clients it runs (mariadb, myloader, mariabackup) then yield the cores to the exporter's scrapes
        // (bench/README.md, "The exporter while a scheduled drill runs"). nice and ionice exec the command: same PID.
        string? output = null; // the first non-blank line of each stream: what the drill said, or why it could not
        string? errors = null;
        var allowed = settings.Timeout + Margin(settings.Timeout);
        var spec = new ProcessSpec(Executables.Find(SandboxServer.LowPriority[0]) ?? SandboxServer.LowPriority[0],
            [.. SandboxServer.LowPriority[1..], file, .. prefix, "drill", $"--config.file={configFile}", $"--backup={set.Name}"])
        {
            Environment = new Dictionary<string, string?>(StringComparer.Ordinal) { [DrillHistoryLocation.Variable] = store.Directory },
            Output = OutputSink.Lines(line => output ??= NonBlank(line)),
            Error = OutputSink.Lines(line => errors ??= NonBlank(line)),
            Timeout = allowed,
        };
        var before = store.Load(set.Name).History.Newest?.StartedAt;
        var started = clock.GetUtcNow();
        await using var child = ProcessRunner.Start(spec);
        string? killed = null;
        try
        {
            if ((await child.WaitAsync(cancellationToken)).TimedOut)
                killed = $"the drill process was still running {allowed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)}s "
                    + "after it started (timeout plus margin) and was killed";
        }
        catch (OperationCanceledException)
        {
            killed = "the exporter stopped while the drill ran";
        }
        output ??= "";
        errors ??= "";
        // A record the child started after its own start is its outcome; an older one it wrote for a hand-run drill it
        // found interrupted is not.
        if (store.Load(set.Name).History.Newest is { } newest && newest.StartedAt != before && newest.StartedAt >= started
            || child.ExitCode == DrillExitCodes.Unknown && killed is null)
            return $"drill of {set.Name} ended with exit code {child.ExitCode}: {output}";

        var reason = killed ?? (child.ExitCode > 128
            ? $"the drill process was killed by signal {child.ExitCode - 128} before it recorded an outcome"
            : $"the drill process ended with exit code {child.ExitCode} before it recorded an outcome: "
              + (errors.Length > 0 ? errors : output));
        var ended = clock.GetUtcNow();
        var record = InterruptedDrill.Record(set.Name, set.Kind.Word(), reason, DrillPhases.Total, null, null, started, ended,
            new Dictionary<string, double> { [DrillPhases.Total] = (ended - started).TotalSeconds });
        return store.Record(record) is { } notWritten ? $"{reason}; and its failure was not recorded: {notWritten}" : reason;
    }

    private static string? NonBlank(string line) => string.IsNullOrWhiteSpace(line) ? null : line.Trim();
}
