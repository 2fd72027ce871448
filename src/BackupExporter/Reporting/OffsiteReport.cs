namespace BackupExporter.Reporting;

/// <summary>
/// One remote of a set as the status page and /api/v1/status show it: the newest copy, the lag, what is missing or
/// mismatched, how it was verified (and why only by size, where no hash is shared), the last error (redacted).
/// </summary>
internal sealed record OffsiteReport(
    string Name,
    string Remote,
    bool? Up,
    string? Error,
    DateTimeOffset? LastListed,
    DateTimeOffset? LastCopy,
    double? LagSeconds,
    double MaxLagSeconds,
    long? Objects,
    long? Bytes,
    string Verify,
    string? VerifiedBy,
    string? VerifyNote,
    IReadOnlyList<OffsiteArtifactReport> Missing,
    IReadOnlyList<OffsiteArtifactReport> Mismatched,
    IReadOnlyList<string> Warnings);

/// <summary>A local good artifact the remote lacks or holds wrongly, with what differs.</summary>
internal sealed record OffsiteArtifactReport(string Name, DateTimeOffset End, string? Detail);
