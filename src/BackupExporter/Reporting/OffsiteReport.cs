namespace BackupExporter.Reporting;

/// <summary>
/// One remote of a set as the status page and /api/v1/status show it: the newest copy, the lag, what is missing or
/// mismatched, how it was verified (and why only by size, where no hash is shared), the last error (redacted).
/// </summary>
/// <remarks>The properties' order is the order of the keys in JSON.</remarks>
internal sealed record OffsiteReport
{
    public required string Name { get; init; }

    public required string Remote { get; init; }

    public bool? Up { get; init; }

    public string? Error { get; init; }

    public DateTimeOffset? LastListed { get; init; }

    public DateTimeOffset? LastCopy { get; init; }

    public double? LagSeconds { get; init; }

    public required double MaxLagSeconds { get; init; }

    public long? Objects { get; init; }

    public long? Bytes { get; init; }

    /// <summary>The configured verification: size or hash.</summary>
    public required string Verify { get; init; }

    public string? VerifiedBy { get; init; }

    public string? VerifyNote { get; init; }

    public IReadOnlyList<OffsiteArtifactReport> Missing { get; init; } = [];

    public IReadOnlyList<OffsiteArtifactReport> Mismatched { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>A local good artifact the remote lacks or holds wrongly, with what differs.</summary>
internal sealed record OffsiteArtifactReport(string Name, DateTimeOffset End, string? Detail);
