using BackupExporter.Inspection.Drills;

namespace BackupExporter.Reporting;

/// <summary>
/// The restore time of a set's current newest artifact and its binlogs, fitted from the set's drill history.
/// </summary>
internal static class RestorePrediction
{
    /// <param name="history">the set's drills, any order; only passed drills are evidence</param>
    /// <param name="artifactBytes">the size of the artifact a restore would start from now</param>
    /// <param name="binlogBytes">the binary log bytes a restore to the recovery point would replay after it</param>
    /// <returns>null when there is no evidence to fit (the fitting itself comes with the drill history's sizes)</returns>
    public static RestoreEstimate? Predict(IReadOnlyList<DrillRecord> history, long artifactBytes, long binlogBytes) => null;
}
