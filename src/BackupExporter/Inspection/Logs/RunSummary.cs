namespace BackupExporter.Inspection.Logs;

internal enum RunOutcome
{
    /// <summary>Nothing in the log says: no error, no success line, no end marker (a mysqldump log without the wrapper).</summary>
    Unknown,

    /// <summary>The wrapper's start marker without its end marker yet.</summary>
    Running,

    /// <summary>End marker with exit 0, or <c>completed OK!</c> with no error after it.</summary>
    Succeeded,

    /// <summary>End marker with another exit or a timeout, an error line, or a wrapper that vanished without its end marker.</summary>
    Failed,
}

/// <summary>One run of a backup job as its log tells it. Immutable; made by <see cref="RunSegmenter"/>.</summary>
/// <param name="StartOffset">
/// byte offset of the run's first line in the current file, to read the run again after a restart; null when it began in an earlier file
/// </param>
/// <param name="StartedAt">the start marker's time, else the first timestamp in the run's lines</param>
/// <param name="EndedAt">the end marker's time, else, once the outcome is known, the run's last timestamp</param>
/// <param name="ErrorLines">
/// error lines of every class (every class present, 0 where none); an end marker with a signal or a timeout counts as one
/// <c>interrupted</c>
/// </param>
/// <param name="RecentUnrecognised">the last few <c>other</c> lines, oldest first, each cut to 500 characters</param>
/// <param name="LastErrorLine">the last error line of any class, cut to 500 characters</param>
/// <param name="FirstObservedAt">when the exporter read the run's first line (a run read from a backlog has no better time)</param>
/// <param name="LastObservedAt">when the exporter read the run's last line</param>
internal sealed record RunSummary(
    long? StartOffset,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    RunOutcome Outcome,
    int? ExitCode,
    string? Signal,
    bool TimedOut,
    int? Pid,
    int? Attempt,
    IReadOnlyDictionary<ErrorClass, long> ErrorLines,
    IReadOnlyList<string> RecentUnrecognised,
    string? LastErrorLine,
    long Lines,
    DateTimeOffset FirstObservedAt,
    DateTimeOffset LastObservedAt)
{
    public long TotalErrorLines => ErrorLines.Values.Sum();

    public bool Failed => Outcome == RunOutcome.Failed;
}
