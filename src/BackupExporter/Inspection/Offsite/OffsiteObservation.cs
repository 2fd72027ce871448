
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
internal sealed record OffsiteObservation : IObservation
{
    public required string Backup { get; init; }

    public required string Remote { get; init; }

    public required DateTimeOffset ObservedAt { get; init; }

    public required bool Up { get; init; }

    public string? Error { get; init; }

    public long Objects { get; init; }

    public long Bytes { get; init; }

    public TimeSpan ListDuration { get; init; }

    public IReadOnlyList<ArtifactCopy> Artifacts { get; init; } = [];

    /// <summary>End time of the newest local good artifact present and matching on the remote.</summary>
    public DateTimeOffset? LastCopy { get; init; }

    /// <summary>
    /// End time of the oldest good artifact newer than <see cref="LastCopy"/>: the remote has been behind since then;
    /// null: it holds the newest.
    /// </summary>
    public DateTimeOffset? LagSince { get; init; }

    /// <summary>Good artifacts older than max_lag that the remote lacks.</summary>
    public int Missing { get; init; }

    public int Mismatched { get; init; }

    /// <summary>What the comparison used: <c>size</c>, a hash type (<c>md5</c> ...), or <c>download</c>.</summary>
    public required string VerifiedBy { get; init; }

    /// <summary>Why the check is weaker than configured (no hash in common), or what the download did.</summary>
    public string? VerifyNote { get; init; }

    public long DownloadedBytes { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];
}
