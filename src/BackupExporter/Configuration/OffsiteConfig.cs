namespace BackupExporter.Configuration;

/// <summary>How a set's off-site copy is checked: sizes only, hashes the remote computes, or bytes downloaded.</summary>
internal enum OffsiteVerify { Size, Hash, Download }

/// <summary>
/// One entry of a set's <c>offsite</c> list: a copy of the set's artifacts on an rclone remote, checked on its own
/// (slower) interval (docs/configuration.md, "Off-site copies"). Credentials stay in the rclone configuration.
/// </summary>
/// <param name="Name">the value of the <c>remote</c> label</param>
/// <param name="Remote">any rclone remote and path, e.g. <c>s3eu:company-backups/shop</c></param>
/// <param name="RcloneConfig">rclone's configuration file; null: rclone's own default</param>
/// <param name="MaxLag">how long after a local good artifact its copy may be missing</param>
/// <param name="DownloadLimitBytes">with <see cref="OffsiteVerify.Download"/>: the most read per round, newest first</param>
internal sealed record OffsiteConfig(
    string Name,
    string Remote,
    string? RcloneConfig,
    TimeSpan Interval,
    TimeSpan Timeout,
    TimeSpan MaxLag,
    OffsiteVerify Verify,
    long? DownloadLimitBytes);
