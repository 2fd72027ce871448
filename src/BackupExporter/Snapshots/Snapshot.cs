using System.Collections.Immutable;
using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Server;
using BackupExporter.Inspection.Logs;
using BackupExporter.Inspection.Offsite;
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

    public LogObservation? Log(string path) => Observations.GetValueOrDefault(InspectionNames.Log(path)) as LogObservation;

    public RunStatusObservation? Run(string backup) => Observations.GetValueOrDefault(InspectionNames.Run(backup)) as RunStatusObservation;

    public OffsiteObservation? Offsite(string backup, string remote) =>
        Observations.GetValueOrDefault(InspectionNames.Offsite(backup, remote)) as OffsiteObservation;

    /// <summary>The observations and inspection statuses of the logs linked to a backup set or a server, in configuration order.</summary>
    public IReadOnlyList<(LogConfig Config, LogObservation? Observation, InspectionStatus? Inspection)> LogsOf(string? backup, string? server) =>
        Config.Logs.Where(l => (backup is not null && l.Backup == backup) || (server is not null && l.Server == server && l.Backup is null))
            .Select(l => (l, Log(l.Path), Inspections.GetValueOrDefault(InspectionNames.Log(l.Path))))
            .ToList();

}
