using BackupExporter.Inspection.Logs;
using BackupExporter.Runs;

namespace BackupExporter.Cli.Run;

/// <summary>The wrapper's results as the parts of its status file.</summary>
internal static class RunStatusParts
{
    /// <summary>Error lines by class label, every class present.</summary>
    public static IReadOnlyDictionary<string, long> Labels(AttemptErrors errors) =>
        ErrorClasses.All.ToDictionary(ErrorClasses.Label, c => errors.Lines[c]);

    public static RunStatusAttempt Attempt(AttemptResult r, string? retryReason, TimeSpan? retryAfter) => new()
    {
        Attempt = r.Attempt,
        Pid = r.Pid,
        StartedAt = r.StartedAt,
        EndedAt = r.EndedAt,
        DurationSeconds = Math.Round(r.Duration.TotalSeconds, 3),
        ExitCode = r.ExitCode,
        Signal = r.Signal,
        TimedOut = r.TimedOut,
        ErrorLines = Labels(r.Errors),
        RetryReason = retryReason,
        RetryAfterSeconds = retryAfter?.TotalSeconds,
    };
}
