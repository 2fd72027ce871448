using BackupExporter.Inspection.Logs;
using BackupExporter.Runs;

namespace BackupExporter.Cli.Run;

/// <summary>The wrapper's results as the parts of its status file.</summary>
internal static class RunStatusParts
{
    /// <summary>Error lines by class label, every class present.</summary>
    public static IReadOnlyDictionary<string, long> Labels(AttemptErrors errors) =>
        ErrorClasses.All.ToDictionary(ErrorClasses.Label, c => errors.Lines[c]);

    public static RunStatusAttempt Attempt(AttemptResult r, string? retryReason, TimeSpan? retryAfter) => new(
        r.Attempt, r.Pid, r.StartedAt, r.EndedAt, Math.Round(r.Duration.TotalSeconds, 3), r.ExitCode, r.Signal, r.TimedOut,
        Labels(r.Errors), retryReason, retryAfter?.TotalSeconds);
}
