using BackupExporter.Decoding;

namespace BackupExporter.Inspection.Artifacts;

/// <summary>
/// The rule for every kind of artifact: one that changed since the previous inspection, or was modified within
/// <c>settle_time</c>, is still being written. It is <c>in_progress</c>, never judged.
/// </summary>
internal static class StillBeingWritten
{
    /// <returns>the in-progress observation, or null when the artifact has settled and can be judged</returns>
    public static ArtifactObservation? Check(bool changedSincePreviousRound, string path, long sizeBytes, DateTimeOffset newestChange,
        DateTimeOffset now, TimeSpan settleTime) =>
        changedSincePreviousRound || (settleTime > TimeSpan.Zero && now - newestChange < settleTime)
            ? new ArtifactObservation(path, sizeBytes, newestChange, true, CheckTable.Empty, null, CompressionFormat.None)
            : null;
}
