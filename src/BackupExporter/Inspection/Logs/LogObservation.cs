using BackupExporter.Configuration;

namespace BackupExporter.Inspection.Logs;

/// <summary>
/// What following one log has established so far. Job and cron logs: the newest run and the newest failed one.
/// Error logs: lines by class since the exporter began following the log. Cron logs: when the job was seen to start
/// (<see cref="JobStarts"/>, oldest first) since <see cref="FollowingSince"/>.
/// </summary>
internal sealed record LogObservation(
    string Name,
    DateTimeOffset ObservedAt,
    LogConfig Log,
    RunSummary? NewestRun,
    RunSummary? LastFailedRun,
    IReadOnlyDictionary<ErrorClass, long>? LinesSinceStart,
    IReadOnlyList<string> RecentUnrecognised,
    IReadOnlyList<DateTimeOffset> JobStarts,
    bool Missing,
    string? Problem,
    DateTimeOffset FollowingSince,
    bool Unreadable = false) : IObservation
{
    public LogKind Kind => Log.Kind;
}
