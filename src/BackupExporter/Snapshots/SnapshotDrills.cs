using BackupExporter.Inspection;
using BackupExporter.Inspection.Drills;

namespace BackupExporter.Snapshots;

/// <summary>The restore drill part of a snapshot.</summary>
internal static class SnapshotDrills
{
    /// <summary>The set's drill history as last read; null while not read yet, or for a kind without drills.</summary>
    public static DrillObservation? Drill(this Snapshot snapshot, string backup) =>
        snapshot.Observations.GetValueOrDefault(InspectionNames.Drill(backup)) as DrillObservation;
}
