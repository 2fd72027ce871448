
namespace BackupExporter.Inspection.Offsite;

/// <summary>Where one local good artifact stands on a remote.</summary>
internal enum CopyState { Copied, Missing, Mismatched }

/// <summary>One local good artifact compared with its copy; <see cref="Detail"/> says what differs (file, size, hash).</summary>
internal sealed record ArtifactCopy(string Name, DateTimeOffset End, CopyState State, string? Detail);

/// <summary>
/// One round of an off-site check: the listing (objects, bytes, how long it took), how each local good artifact
/// stands on the remote (newest first), and what that means. When the listing failed, <see cref="Up"/> is false,
/// <see cref="Error"/> says why (redacted) and the comparison is the previous round's.
/// </summary>
/// <param name="LastCopy">end time of the newest local good artifact present and matching on the remote</param>
/// <param name="LagSince">
/// end time of the oldest good artifact newer than <see cref="LastCopy"/>: the remote has been behind since then; null: it holds the newest
/// </param>
/// <param name="Missing">good artifacts older than max_lag that the remote lacks</param>
/// <param name="VerifiedBy">what the comparison used: <c>size</c>, a hash type (<c>md5</c> ...), or <c>download</c></param>
/// <param name="VerifyNote">why the check is weaker than configured (no hash in common), or what the download did</param>
internal sealed record OffsiteObservation(
    string Backup,
    string Remote,
    DateTimeOffset ObservedAt,
    bool Up,
    string? Error,
    long Objects,
    long Bytes,
    TimeSpan ListDuration,
    IReadOnlyList<ArtifactCopy> Artifacts,
    DateTimeOffset? LastCopy,
    DateTimeOffset? LagSince,
    int Missing,
    int Mismatched,
    string VerifiedBy,
    string? VerifyNote,
    long DownloadedBytes,
    IReadOnlyList<string> Warnings) : IObservation;
