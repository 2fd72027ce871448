using BackupExporter.Inspection.BackupSets;
using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Artifacts;
using BackupExporter.Inspection.Drills;
using BackupExporter.Inspection.Logs;
using BackupExporter.Inspection.Server;
using BackupExporter.Reporting.Retention;
using BackupExporter.Snapshots;
using BackupExporter.Inspection.Reverification;

namespace BackupExporter.Reporting;

/// <summary>A log of a backup set with what it says: its report for people and, for a cron log, the missed starts.</summary>
internal sealed record LogVerdict(LogConfig Config, LogObservation? Observation, InspectionStatus? Inspection,
    LogReport Report, int? MissedStarts);

/// <summary>
/// Every verdict about one backup set at one moment, decided once by <see cref="SetVerdicts.Decide"/>. The metrics,
/// the status page, /api/v1/status and <c>verify</c> render this and decide nothing themselves, so they cannot
/// disagree. <see cref="Observation"/> is null until the set's inspection has produced one.
/// </summary>
internal sealed record SetVerdict
{
    public required BackupSetConfig Set { get; init; }

    public BackupSetObservation? Observation { get; init; }

    public InspectionStatus? Inspection { get; init; }

    /// <summary>The set's retained artifacts, each judged, oldest first.</summary>
    public IReadOnlyList<JudgedArtifact> Artifacts { get; init; } = [];

    public DateTimeOffset? LastFailure { get; init; }

    public DateTimeOffset? NextExpected { get; init; }

    public bool? Overdue { get; init; }

    public PitrResult? Pitr { get; init; }

    public IReadOnlyList<LogVerdict> Logs { get; init; } = [];

    public RunStatusObservation? Run { get; init; }

    public required Severity Severity { get; init; }

    public IReadOnlyList<Reason> Reasons { get; init; } = [];

    /// <summary>The set's drill history as read; the metrics render it.</summary>
    public DrillObservation? DrillObservation { get; init; }

    /// <summary>Where the set's re-verification stands; null when off or not run yet.</summary>
    public ReverifyObservation? Reverify { get; init; }

    /// <summary>The set's restore drills judged against its configuration (rto); null without restore_test or history.</summary>
    public DrillReport? Drill { get; init; }

    /// <summary>The set's off-site copies, one per remote of its <c>offsite</c> list, judged at the verdict's moment.</summary>
    public IReadOnlyList<OffsiteReport> Offsite { get; init; } = [];

    /// <summary>The set's retention promise held against its artifacts; null without <c>retention</c>.</summary>
    public RetentionReport? Retention { get; init; }

    /// <summary>Good artifacts removed too early (Reporting/Retention/RetentionPromise).</summary>
    public IReadOnlyList<RemovedArtifactReport> RemovedTooEarly { get; init; } = [];

    /// <summary>The newest good artifact against the set's own history; null without a good artifact.</summary>
    public ChangeRateReport? ChangeRate { get; init; }

    /// <summary>The set's recovery point in each scope and its predicted restore time, decided with the other verdicts.</summary>
    public SetRecovery Recovery { get; init; } = SetRecovery.Unknown;

    /// <summary>The newest artifact that is finished (ok or failed): the one whose checks are exported.</summary>
    public JudgedArtifact? NewestFinished => Artifacts.LastOrDefault(a => a.Status != ArtifactStatus.InProgress);

    public JudgedArtifact? LastSuccess => Artifacts.LastOrDefault(a => a.Status == ArtifactStatus.Ok);

    /// <summary>
    /// Where the time of the artifact the set's ages count from (the newest good one, else the newest finished one) comes
    /// from: <c>recorded</c> or <c>file</c>; null while there is none.
    /// </summary>
    public string? TimeSource => (LastSuccess ?? NewestFinished) is { } a ? TimeSources.Of(a.Observation) : null;

    /// <summary>
    /// The good artifact of the same sort before <see cref="LastSuccess"/>, for the size ratio: an incremental is
    /// compared with the incremental before it, a full backup with the full one before it.
    /// </summary>
    public JudgedArtifact? PreviousSuccess => LastSuccess is { } last
        ? Artifacts.LastOrDefault(a => a.Status == ArtifactStatus.Ok && a != last && SizeCheck.SameSort(a.Observation, last.Observation))
        : null;

    /// <summary>Newest good size ÷ the previous good one of its sort; null with fewer than two.</summary>
    public double? SizeRatio => LastSuccess is { } last && PreviousSuccess is { SizeBytes: > 0 } previous
        ? (double)last.SizeBytes / previous.SizeBytes : null;

    /// <summary>Free bytes ÷ the newest good artifact's size: how many more such backups fit; null without either.</summary>
    public double? HeadroomRatio => Headroom(Observation?.Volume, LastSuccess?.SizeBytes);

    /// <summary>Free bytes ÷ the newest good artifact's size; null without either.</summary>
    public static double? Headroom(VolumeObservation? volume, long? lastSuccessBytes) =>
        volume is not null && lastSuccessBytes is > 0 ? (double)volume.FreeBytes / lastSuccessBytes.Value : null;

    public bool Running => Artifacts.Any(a => a.Status == ArtifactStatus.InProgress);

    public int Count(ArtifactStatus status) => Artifacts.Count(a => a.Status == status);

    public long RetainedBytes => Artifacts.Sum(a => a.SizeBytes);

    public DateTimeOffset? Oldest => Artifacts.Count > 0 ? Artifacts[0].Time : null;
}
