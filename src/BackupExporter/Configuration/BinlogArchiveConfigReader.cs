namespace BackupExporter.Configuration;

/// <summary>Reads a server's <c>binlog_archive</c> mapping. Nothing is read or contacted here.</summary>
internal static class BinlogArchiveConfigReader
{
    public static readonly TimeSpan DefaultStalledAfter = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan DefaultRemoteInterval = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan DefaultRemoteTimeout = TimeSpan.FromMinutes(2);

    public static readonly string[] Keys = ["path", "remote", "rclone_config", "stalled_after", "remote_interval", "remote_timeout"];

    /// <param name="server">the server's reader, which holds the key</param>
    /// <param name="serverContext">e.g. <c>servers[0] "db1"</c>, to start messages with</param>
    public static BinlogArchiveConfig? Read(MappingReader server, string serverContext, string baseDirectory, ErrorCollector errors)
    {
        const string Expected = "a mapping (path: /var/backups/binlogs/db1, remote: ..., stalled_after: 15m)";
        if (server.Value("binlog_archive") is ScalarNode { IsNull: false } scalar)
        {
            server.Error(scalar, "binlog_archive", $"expected {Expected}, got {scalar.Describe()}; the directory goes under path:");
            return null;
        }
        if (server.Mapping("binlog_archive", Expected) is not { } node)
            return null;
        var reader = new MappingReader(node, serverContext + ": binlog_archive", Keys, errors);
        if (!reader.Has("path"))
        {
            reader.Missing("path", "the directory the archiver writes the binary logs to, e.g. path: /var/backups/binlogs/db1");
            return null;
        }
        var path = reader.Path("path", baseDirectory);
        var remote = reader.Has("remote")
            ? reader.TextNode("remote", "an rclone remote and path (e.g. \"s3eu:company-backups/binlogs/db1\")")?.Value
            : null;
        var rcloneConfig = reader.Path("rclone_config", baseDirectory);
        foreach (var key in (string[])["rclone_config", "remote_interval", "remote_timeout"])
        {
            if (reader.Has(key) && !reader.Has("remote"))
                reader.Error(reader.KeyNode(key)!, key, "only applies with remote (add the off-site copy's remote, or remove "
                    + key + ")");
        }
        var archive = new BinlogArchiveConfig
        {
            Path = path ?? "",
            Remote = remote,
            RcloneConfig = rcloneConfig,
            StalledAfter = reader.Duration("stalled_after", DefaultStalledAfter, mustBePositive: true),
            RemoteInterval = reader.Duration("remote_interval", DefaultRemoteInterval, mustBePositive: true, timer: true),
            RemoteTimeout = reader.Duration("remote_timeout", DefaultRemoteTimeout, mustBePositive: true, timer: true),
        };
        return path is null ? null : archive;
    }
}
