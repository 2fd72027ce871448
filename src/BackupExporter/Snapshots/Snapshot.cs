using System.Collections.Immutable;
using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Server;
using BackupExporter.Scheduling;

namespace BackupExporter.Snapshots;

/// <summary>
/// Everything the exporter knows at one moment, immutable. Scrapes, the status page and the API read the newest
/// snapshot and never wait for disks or servers.
/// </summary>
internal sealed record Snapshot(
    ExporterConfig Config,
    ImmutableDictionary<string, IObservation> Observations,
    ImmutableDictionary<string, InspectionStatus> Inspections,
    ImmutableHashSet<string> ExpectedInspections,
    long Version)
{
    public static Snapshot Empty(ExporterConfig config, IEnumerable<string> expectedInspections) => new(
        config,
        ImmutableDictionary<string, IObservation>.Empty,
        ImmutableDictionary<string, InspectionStatus>.Empty,
        expectedInspections.ToImmutableHashSet(),
        0);

    /// <summary>Every configured inspection has run at least once (successfully or not).</summary>
    public bool Ready => ExpectedInspections.All(Inspections.ContainsKey);

    public BackupSetObservation? Backup(string name) =>
        Observations.GetValueOrDefault(InspectionNames.Backup(name)) as BackupSetObservation;

    public InspectionStatus? BackupInspection(string name) => Inspections.GetValueOrDefault(InspectionNames.Backup(name));


    public ServerObservation? Server(string name) =>
        Observations.GetValueOrDefault(InspectionNames.Server(name)) as ServerObservation;

}
