namespace BackupExporter.Configuration;

/// <summary>How a set's off-site copy is checked: sizes only, hashes the remote computes, or bytes downloaded.</summary>
internal enum OffsiteVerify { Size, Hash, Download }

/// <summary>
/// One entry of a set's <c>offsite</c> list: a copy of the set's artifacts on an rclone remote, checked on its own
/// (slower) interval (docs/configuration.md, "Off-site copies"). Credentials stay in the rclone configuration.
/// </summary>
/// <remarks>A key the entry leaves out keeps its default here, as the reader sets it.</remarks>
internal sealed record OffsiteConfig
{
    /// <summary>The value of the <c>remote</c> label.</summary>
    public required string Name { get; init; }

    /// <summary>Any rclone remote and path, e.g. <c>s3eu:company-backups/shop</c>.</summary>
    public required string Remote { get; init; }

    /// <summary>rclone's configuration file; null: rclone's own default.</summary>
    public string? RcloneConfig { get; init; }

    public TimeSpan Interval { get; init; } = OffsiteConfigReader.DefaultInterval;

    public TimeSpan Timeout { get; init; } = OffsiteConfigReader.DefaultTimeout;

    /// <summary>How long after a local good artifact its copy may be missing.</summary>
    public TimeSpan MaxLag { get; init; } = OffsiteConfigReader.DefaultMaxLag;

    public OffsiteVerify Verify { get; init; } = OffsiteVerify.Size;

    /// <summary>With <see cref="OffsiteVerify.Download"/>: the most read per round, newest first.</summary>
    public long? DownloadLimitBytes { get; init; }
}
