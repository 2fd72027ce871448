using BackupExporter.Platform;
using BackupExporter.Configuration;
using BackupExporter.Inspection.Logs;
using BackupExporter.Runs;

namespace BackupExporter.Restore.Runner;

/// <summary>Whether the set's own backup job is running, by its run status file (<c>backup-exporter run</c>).</summary>
internal static class BackupRunning
{
    /// <returns>why a drill must not start now, or null</returns>
    public static string? Reason(BackupSetConfig set)
    {
        var path = set.RunStatus ?? RunStatus.DefaultPath(RunMarkers.Sanitize(set.Name).Replace('/', '_'));
        RunStatus? status;
        try
        {
            status = File.Exists(path) ? RunStatus.Parse(File.ReadAllText(path)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return null; // the set's inspection reports an unreadable status file
        }
        if (status is not { Outcome: RunStatus.Running })
            return null;
        // A wrapper killed with SIGKILL leaves "running" behind: only a live wrapper on this host holds the drill back.
        if (status.Host == Environment.MachineName && !ProcessState.IsAlive(status.WrapperPid))
            return null;
        return $"the set's backup is running (run status {path}: started {status.StartedAt:u}, pid {status.WrapperPid} on {status.Host}); "
            + $"a drill never competes with it";
    }
}
