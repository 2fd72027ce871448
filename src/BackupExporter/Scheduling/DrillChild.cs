using System.Diagnostics;
using System.Globalization;
using BackupExporter.Configuration;
using BackupExporter.Inspection.Drills;
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
        var info = new ProcessStartInfo(SandboxServer.LowPriority[0]) { RedirectStandardOutput = true, RedirectStandardError = true,
            UseShellExecute = false };
        foreach (var arg in (string[])[.. SandboxServer.LowPriority[1..], file, .. prefix, "drill", $"--config.file={configFile}",
            $"--backup={set.Name}"])
            info.ArgumentList.Add(arg);
        info.Environment[DrillHistoryLocation.Variable] = store.Directory;
        var before = store.Load(set.Name).History.Newest?.StartedAt;
        var started = clock.GetUtcNow();
        using var child = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = child.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = child.StandardError.ReadToEndAsync(CancellationToken.None);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var allowed = settings.Timeout + Margin(settings.Timeout);
        limit.CancelAfter(allowed);
        string? killed = null;
        try
        {
            await child.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync(CancellationToken.None);
            killed = cancellationToken.IsCancellationRequested
                ? "the exporter stopped while the drill ran"
                : $"the drill process was still running {allowed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)}s after it "
                    + $"started (timeout plus margin) and was killed";
        }
        var output = (await stdout).Trim();
        var errors = (await stderr).Trim();
        if (store.Load(set.Name).History.Newest?.StartedAt != before || child.ExitCode == DrillExitCodes.Unknown && killed is null)
            return $"drill of {set.Name} ended with exit code {child.ExitCode}: {FirstLine(output)}";

        var reason = killed ?? (child.ExitCode > 128
            ? $"the drill process was killed by signal {child.ExitCode - 128} before it recorded an outcome"
            : $"the drill process ended with exit code {child.ExitCode} before it recorded an outcome: "
                + $"{FirstLine(errors.Length > 0 ? errors : output)}");
        var record = new DrillRecord(set.Name, set.Kind.Word(), DrillVerdict.Failed, reason, DrillPhases.Total, null, null,
            started, clock.GetUtcNow(),
            DrillPhases.All.ToDictionary(p => p, p => p == DrillPhases.Total ? (clock.GetUtcNow() - started).TotalSeconds : 0), 0, [], []);
        return store.Record(record) is { } notWritten ? $"{reason}; and its failure was not recorded: {notWritten}" : reason;
    }

    private static string FirstLine(string text) => text.Split('\n').FirstOrDefault() ?? "";
}
