namespace BackupExporter.Inspection.Reverification;

/// <summary>
/// Where the rotating re-verification of a set stands: how much of what is retained was read whole within the period
/// and matched its first digest, the oldest verification, the artifacts whose content changed, and those gone.
/// </summary>
/// <param name="OldestVerification">the oldest last verification of any retained file (when first seen, if never read yet)</param>
/// <param name="ReadBytes">bytes the rotation has read since the exporter started</param>
/// <param name="Problem">why the ledger cannot be read or kept; null when it can</param>
internal sealed record ReverifyObservation(
    string Backup,
    DateTimeOffset ObservedAt,
    TimeSpan Period,
    int Artifacts,
    int VerifiedArtifacts,
    long Bytes,
    long VerifiedBytes,
    DateTimeOffset? OldestVerification,
    IReadOnlyList<ChangedArtifact> Changed,
    IReadOnlyList<GoneArtifact> Gone,
    long ReadBytes,
    string? Problem) : IObservation
{
    /// <summary>Share of the retained bytes verified within the period; 1 when nothing is retained.</summary>
    public double VerifiedBytesRatio => Bytes == 0 ? 1 : (double)VerifiedBytes / Bytes;

    public double VerifiedArtifactsRatio => Artifacts == 0 ? 1 : (double)VerifiedArtifacts / Artifacts;

    /// <summary>Every retained artifact read whole within the period, none changed.</summary>
    public bool AllVerified => VerifiedArtifacts == Artifacts && Changed.Count == 0;
}
