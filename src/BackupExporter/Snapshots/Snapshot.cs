using System.Collections.Immutable;
using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Server;
using BackupExporter.Inspection.Drills;
using BackupExporter.Inspection.Logs;
using BackupExporter.Inspection.Offsite;
using BackupExporter.Inspection.Reverification;

namespace BackupExporter.Snapshots;

/// <summary>
/// Everything the exporter knows at one moment, immutable. Scrapes, the status page and the API read the newest
/// snapshot and never wait for disks or servers.
/// </summary>
/// <param name="Observations">by inspection name; read them with <see cref="Get{T}"/> and a typed key</param>
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

    /// <summary>
    /// The newest observation under a key, of the key's type; null while there is none. An inspection that published
    /// another type under that name is a wiring error, said as such rather than read as "nothing observed".
    /// </summary>
    public T? Get<T>(ObservationKey<T> key) where T : class, IObservation => Observations.GetValueOrDefault(key.Name) switch
    {
        null => null,
        T observation => observation,
        var other => throw new InvalidOperationException($"the inspection {key.Name} published a {other.GetType().Name}, "
            + $"where a {typeof(T).Name} belongs"),
    };

    public BackupSetObservation? Backup(string name) => Get(ObservationKeys.Backup(name));

    public InspectionStatus? BackupInspection(string name) => Inspections.GetValueOrDefault(InspectionNames.Backup(name));

    public ServerObservation? Server(string name) => Get(ObservationKeys.Server(name));

    public LogObservation? Log(string path) => Get(ObservationKeys.Log(path));

    public RunStatusObservation? Run(string backup) => Get(ObservationKeys.Run(backup));

    public OffsiteObservation? Offsite(string backup, string remote) => Get(ObservationKeys.Offsite(backup, remote));

    /// <summary>Where the set's re-verification stands; null while not run yet, or when it is off.</summary>
    public ReverifyObservation? Reverify(string backup) => Get(ObservationKeys.Reverify(backup));

    /// <summary>The set's drill history as last read; null while not read yet, or for a kind without drills.</summary>
    public DrillObservation? Drill(string backup) => Get(ObservationKeys.Drill(backup));

    /// <summary>The observations and inspection statuses of the logs linked to a backup set or a server, in configuration order.</summary>
    public IReadOnlyList<(LogConfig Config, LogObservation? Observation, InspectionStatus? Inspection)> LogsOf(
        string? backup, string? server) =>
        Config.Logs.Where(l => (backup is not null && l.Backup == backup) || (server is not null && l.Server == server && l.Backup is null))
            .Select(l => (l, Log(l.Path), Inspections.GetValueOrDefault(InspectionNames.Log(l.Path))))
            .ToList();

}
