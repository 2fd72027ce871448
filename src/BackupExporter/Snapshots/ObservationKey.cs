using BackupExporter.Inspection;
using BackupExporter.Inspection.Drills;
using BackupExporter.Inspection.Logs;
using BackupExporter.Inspection.Offsite;
using BackupExporter.Inspection.Reverification;
using BackupExporter.Inspection.Server;

namespace BackupExporter.Snapshots;

/// <summary>
/// The name under which an inspection's observations are kept in the snapshot, with their type: a reader asks
/// <see cref="Snapshot.Get{T}"/> with a key and gets that type back, so no reader casts and none can ask for the
/// wrong type.
/// </summary>
internal sealed record ObservationKey<T>(string Name) where T : class, IObservation;

/// <summary>The keys of the exporter's inspections, named by <see cref="InspectionNames"/> as the inspections name themselves.</summary>
internal static class ObservationKeys
{
    public static ObservationKey<BackupSetObservation> Backup(string backupName) => new(InspectionNames.Backup(backupName));

    public static ObservationKey<ServerObservation> Server(string serverName) => new(InspectionNames.Server(serverName));

    public static ObservationKey<BinlogArchiveObservation> BinlogArchive(string serverName) =>
        new(InspectionNames.BinlogArchive(serverName));

    public static ObservationKey<LogObservation> Log(string logPath) => new(InspectionNames.Log(logPath));

    public static ObservationKey<RunStatusObservation> Run(string backupName) => new(InspectionNames.Run(backupName));

    public static ObservationKey<DrillObservation> Drill(string backupName) => new(InspectionNames.Drill(backupName));

    public static ObservationKey<ReverifyObservation> Reverify(string backupName) => new(InspectionNames.Reverify(backupName));

    public static ObservationKey<OffsiteObservation> Offsite(string backupName, string remoteName) =>
        new(InspectionNames.Offsite(backupName, remoteName));
}
