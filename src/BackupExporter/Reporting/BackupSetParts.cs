using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Drills;
using BackupExporter.Inspection.Logs;
using BackupExporter.Inspection.Offsite;
using BackupExporter.Inspection.Reverification;
using BackupExporter.Inspection.Server;
using BackupExporter.Snapshots;

namespace BackupExporter.Reporting;

/// <summary>Everything a backup set's verdicts are decided from: its own inspection, its server (PITR), its logs and run status.</summary>
internal sealed record BackupSetParts(
    BackupSetConfig Set,
    BackupSetObservation? Observation,
    InspectionStatus? Inspection,
    ServerObservation? Server,
    RunStatusObservation? Run,
    IReadOnlyList<(LogConfig Config, LogObservation? Observation, InspectionStatus? Inspection)> Logs)
{
    /// <summary>The set's restore drill history; null while not read, or for a kind without drills.</summary>
    public DrillObservation? Drill { get; init; }

    /// <summary>Where the set's re-verification stands; null when it is off or has not run yet.</summary>
    public ReverifyObservation? Reverify { get; init; }

    /// <summary>The set's off-site remotes with what their newest listing found (null before the first).</summary>
    public IReadOnlyList<(OffsiteConfig Remote, OffsiteObservation? Observation)> Offsite { get; init; } = [];

    /// <summary>The set's server's binlog archive as last inspected; null without one (or before the first inspection).</summary>
    public BinlogArchiveObservation? BinlogArchive { get; init; }

    /// <summary>
    /// While every source is the same object (or an equal one), the series decided from the set's parts are still right.
    /// Of the server only what they depend on counts (<see cref="PitrInputs"/>), and of the set's own observation only
    /// what is not measured anew each round (<see cref="ObservationInputs"/>): the inspection's duration and the
    /// volume's free bytes change every round and are rendered apart (<see cref="RoundSources"/>).
    /// </summary>
    public object?[] Sources =>
        [Set, ObservationInputs.Of(Observation), new PitrInputs(Server), Run, Drill, ReverifyEvidence.Inputs(Reverify),
            ArchiveInputs.Of(BinlogArchive),
            .. Offsite.Select(o => o.Observation),
            .. Logs.SelectMany(l => new object?[] { l.Config, l.Observation, l.Inspection })];

    /// <summary>The sources of the series that change every round: the set's inspection and its volume, with the size of
    /// the newest good artifact the headroom is reckoned against.</summary>
    /// <param name="recovery">the verdict's recovery; with a point through the server's binlogs, the server's observation time
    /// counts too</param>
    public object?[] RoundSources(long? lastSuccessBytes, SetRecovery? recovery) =>
        [Inspection, Observation?.Volume, lastSuccessBytes, recovery, LiveAt(recovery)];

    /// <summary>When the server was last observed, where the set's local point reaches its current binlog; else null.</summary>
    public DateTimeOffset? LiveAt(SetRecovery? recovery) => recovery?.Local.Live == true ? Server?.ObservedAt : null;

    public static BackupSetParts Of(Snapshot snapshot, BackupSetConfig set) => new(
        set,
        snapshot.Backup(set.Name),
        snapshot.BackupInspection(set.Name),
        set.Server is { } server ? snapshot.Server(server) : null,
        snapshot.Run(set.Name),
        snapshot.LogsOf(set.Name, null))
    {
        Drill = snapshot.Drill(set.Name),
        Reverify = set.Reverify is null ? null : snapshot.Reverify(set.Name),
        Offsite = [.. set.Offsite.Select(remote => (remote, snapshot.Offsite(set.Name, remote.Name)))],
        BinlogArchive = set.Server is { } name ? snapshot.Get(ObservationKeys.BinlogArchive(name)) : null,
    };
}

/// <summary>What of a set's observation its verdicts depend on, beyond this round's measurements: the artifacts (the
/// very same list while none changed), whether the directory could be listed, and since when the set is watched.</summary>
internal sealed record ObservationInputs(IReadOnlyList<ArtifactObservation> Artifacts, string? PathProblem, DateTimeOffset WatchingSince,
    IReadOnlyList<SeenArtifact> Disappeared)
{
    public static ObservationInputs? Of(BackupSetObservation? o) =>
        o is null ? null : new(o.Artifacts, o.PathProblem, o.WatchingSince, o.Disappeared);
}

/// <summary>
/// What of a binlog archive's observation the recovery points depend on: whether it can be used, which binlogs it holds
/// (and which are off-site) and how far it reaches; a new observation of an archive that did not grow changes none.
/// </summary>
internal sealed record ArchiveInputs(string? Problem, int Count, string? First, string? Last, int Offsite, DateTimeOffset? ReachesTo)
{
    public static ArchiveInputs? Of(BinlogArchiveObservation? o) => o is null ? null
        : new(o.Problem, o.Contiguous.Count, o.Contiguous.Count > 0 ? o.Contiguous[0].Name : null,
            o.Contiguous.Count > 0 ? o.Contiguous[^1].Name : null, o.Contiguous.Count(b => b.Offsite), o.ReachesTo);
}
