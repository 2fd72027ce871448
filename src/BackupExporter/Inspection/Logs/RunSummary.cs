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
internal sealed record RunSummary
{
    /// <summary>
    /// Byte offset of the run's first line in the current file, to read the run again after a restart; null when it
    /// began in an earlier file.
    /// </summary>
    public long? StartOffset { get; init; }

    /// <summary>The start marker's time, else the first timestamp in the run's lines.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>The end marker's time, else, once the outcome is known, the run's last timestamp.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    public required RunOutcome Outcome { get; init; }

    public int? ExitCode { get; init; }

    public string? Signal { get; init; }

    public bool TimedOut { get; init; }

    public int? Pid { get; init; }

    public int? Attempt { get; init; }

    /// <summary>
    /// Error lines of every class (every class present, 0 where none); an end marker with a signal or a timeout
    /// counts as one <c>interrupted</c>.
    /// </summary>
    public required IReadOnlyDictionary<ErrorClass, long> ErrorLines { get; init; }

    /// <summary>The last few <c>other</c> lines, oldest first, each cut to 500 characters.</summary>
    public IReadOnlyList<string> RecentUnrecognised { get; init; } = [];

    /// <summary>The run's last few lines that say a file was removed (a cleanup step): what removed a backup, if anything says.</summary>
    public IReadOnlyList<string> RemovalLines { get; init; } = [];

    /// <summary>The last error line of any class, cut to 500 characters.</summary>
    public string? LastErrorLine { get; init; }

    public long Lines { get; init; }

    /// <summary>When the exporter read the run's first line (a run read from a backlog has no better time).</summary>
    public required DateTimeOffset FirstObservedAt { get; init; }

    /// <summary>When the exporter read the run's last line.</summary>
    public required DateTimeOffset LastObservedAt { get; init; }

    public long TotalErrorLines => ErrorLines.Values.Sum();

    public bool Failed => Outcome == RunOutcome.Failed;
}
