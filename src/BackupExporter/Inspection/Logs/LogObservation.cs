using BackupExporter.Configuration;

namespace BackupExporter.Inspection.Logs;

/// <summary>
/// What following one log has established so far. Job and cron logs: the newest run and the newest failed one.
/// Error logs: lines by class since the exporter began following the log. Cron logs: when the job was seen to start
/// (<see cref="JobStarts"/>, oldest first) since <see cref="FollowingSince"/>.
/// </summary>
internal sealed record LogObservation : IObservation
{
    public required string Name { get; init; }

    public required DateTimeOffset ObservedAt { get; init; }

    public required LogConfig Log { get; init; }

    public RunSummary? NewestRun { get; init; }

    public RunSummary? LastFailedRun { get; init; }

    /// <summary>Error logs: lines by class since the exporter began following the log.</summary>
    public IReadOnlyDictionary<ErrorClass, long>? LinesSinceStart { get; init; }

    public IReadOnlyList<string> RecentUnrecognised { get; init; } = [];

    public IReadOnlyList<DateTimeOffset> JobStarts { get; init; } = [];

    public bool Missing { get; init; }

    public string? Problem { get; init; }

    public required DateTimeOffset FollowingSince { get; init; }

    /// <summary>The log could not be read this round (a directory, a closed file); the next round tries again.</summary>
    public bool Unreadable { get; init; }

    public LogKind Kind => Log.Kind;
}
