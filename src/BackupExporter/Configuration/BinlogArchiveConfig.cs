namespace BackupExporter.Configuration;

/// <summary>
/// A server's <c>binlog_archive</c>: the directory that a <c>mysqlbinlog --read-from-remote-server --raw --stop-never</c>
/// archiver fills with copies of the server's binary logs, and optionally the rclone remote that holds an off-site copy
/// of that directory (docs/configuration.md, "Binlog archive").
/// </summary>
internal sealed record BinlogArchiveConfig
{
    /// <summary>The archive directory (absolute).</summary>
    public required string Path { get; init; }

    /// <summary>An rclone remote and path mirroring the directory; null: no off-site copy.</summary>
    public string? Remote { get; init; }

    /// <summary>rclone's configuration file; null: rclone's own default.</summary>
    public string? RcloneConfig { get; init; }

    /// <summary>
    /// How long the archive may stand still while the server's binary logs move on before the archiver counts as stopped.
    /// </summary>
    public TimeSpan StalledAfter { get; init; } = BinlogArchiveConfigReader.DefaultStalledAfter;

    /// <summary>How often the remote is listed (a listing costs requests); the archive directory is read every round.</summary>
    public TimeSpan RemoteInterval { get; init; } = BinlogArchiveConfigReader.DefaultRemoteInterval;

    /// <summary>Each rclone call's limit.</summary>
    public TimeSpan RemoteTimeout { get; init; } = BinlogArchiveConfigReader.DefaultRemoteTimeout;
}
