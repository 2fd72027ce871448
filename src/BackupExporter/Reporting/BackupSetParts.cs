using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Drills;
using BackupExporter.Inspection.Logs;
using BackupExporter.Inspection.Offsite;
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
    InspectionStatus? RunInspection,
    IReadOnlyList<(LogConfig Config, LogObservation? Observation, InspectionStatus? Inspection)> Logs)
{
    /// <summary>The set's restore drill history; null while not read, or for a kind without drills.</summary>
    public DrillObservation? Drill { get; init; }

    /// <summary>The set's off-site remotes with what their newest listing found (null before the first).</summary>
    public IReadOnlyList<(OffsiteConfig Remote, OffsiteObservation? Observation)> Offsite { get; init; } = [];

    /// <summary>
    /// While every source is the same object (or an equal one), the rendered series are still right. Of the server only
    /// what the series depend on counts (<see cref="PitrInputs"/>): the server is inspected as often as the sets.
    /// </summary>
    public object?[] Sources =>
        [Set, Observation, Inspection, new PitrInputs(Server), Run, RunInspection, Drill, .. Logs.SelectMany(l => new object?[] { l.Config, l.Observation, l.Inspection })];

    public static BackupSetParts Of(Snapshot snapshot, BackupSetConfig set) => new(
        set,
        snapshot.Backup(set.Name),
        snapshot.BackupInspection(set.Name),
        set.Server is { } server ? snapshot.Server(server) : null,
        snapshot.Run(set.Name),
        snapshot.Inspections.GetValueOrDefault(InspectionNames.Run(set.Name)),
        snapshot.LogsOf(set.Name, null))
    {
        Drill = snapshot.Drill(set.Name),
        Offsite = [.. set.Offsite.Select(remote => (remote, snapshot.Offsite(set.Name, remote.Name)))],
    };
}
