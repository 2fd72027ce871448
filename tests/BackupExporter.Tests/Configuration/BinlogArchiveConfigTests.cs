using BackupExporter.Configuration;

namespace BackupExporter.Tests.Configuration;

/// <summary>A server's <c>binlog_archive</c>: defaults, every key, and each mistake with its line:column.</summary>
public sealed class BinlogArchiveConfigTests
{
    private static string Yaml(string archive) => $"""
        servers:
          - name: db1
            host: 127.0.0.1
        {archive}
        backups:
          - name: shop
            kind: mysqldump
            path: /backups/shop
        """;

    [Fact]
    public void ReadsEveryKeyAndDefaults()
    {
        var (config, errors) = ConfigLoader.Parse(Yaml("""
                binlog_archive:
                  path: binlogs/db1
                  remote: "s3eu:binlogs/db1"
                  rclone_config: rclone.conf
                  stalled_after: 30m
                  remote_interval: 1h
                  remote_timeout: 5m
            """), ConfigErrors.Source);

        Assert.Empty(errors);
        Assert.Equal(new BinlogArchiveConfig
        {
            Path = "/etc/backup-exporter/binlogs/db1", Remote = "s3eu:binlogs/db1", RcloneConfig = "/etc/backup-exporter/rclone.conf",
            StalledAfter = TimeSpan.FromMinutes(30), RemoteInterval = TimeSpan.FromHours(1), RemoteTimeout = TimeSpan.FromMinutes(5),
        }, config!.Servers[0].BinlogArchive);
    }

    [Fact]
    public void APathAloneTakesTheDefaultsAndNoRemote()
    {
        var (config, errors) = ConfigLoader.Parse(Yaml("""
                binlog_archive:
                  path: /var/backups/binlogs/db1
            """), ConfigErrors.Source);

        Assert.Empty(errors);
        var archive = config!.Servers[0].BinlogArchive!;
        Assert.Null(archive.Remote);
        Assert.Equal(BinlogArchiveConfigReader.DefaultStalledAfter, archive.StalledAfter);
    }

    [Fact]
    public void AServerWithoutTheKeyHasNoArchive()
    {
        var (config, errors) = ConfigLoader.Parse(Yaml(""), ConfigErrors.Source);

        Assert.Empty(errors);
        Assert.Null(config!.Servers[0].BinlogArchive);
    }

    [Fact]
    public void EachMistakeIsSaidWithWhereAndWhat()
    {
        Assert.Equal(["4:21: servers[0] \"db1\": binlog_archive: expected a mapping (path: /var/backups/binlogs/db1, remote: ..., "
            + "stalled_after: 15m), got \"/var/backups/binlogs\"; the directory goes under path:"],
            ConfigErrors.Of(Yaml("    binlog_archive: /var/backups/binlogs")));
        Assert.Equal(["5:7: servers[0] \"db1\": binlog_archive: missing required key \"path\" (the directory the archiver writes the "
            + "binary logs to, e.g. path: /var/backups/binlogs/db1)"],
            ConfigErrors.Of(Yaml("    binlog_archive:\n      remote: \"s3:x\"")));
        Assert.Equal(["6:7: unknown key \"staled_after\" in servers[0] \"db1\": binlog_archive; did you mean \"stalled_after\"?"],
            ConfigErrors.Of(Yaml("    binlog_archive:\n      path: /a\n      staled_after: 5m")));
        Assert.Equal(["6:22: servers[0] \"db1\": binlog_archive: stalled_after: \"0s\" must be more than 0"],
            ConfigErrors.Of(Yaml("    binlog_archive:\n      path: /a\n      stalled_after: 0s")));
        Assert.Equal(["6:7: servers[0] \"db1\": binlog_archive: remote_interval: only applies with remote (add the off-site copy's "
            + "remote, or remove remote_interval)"],
            ConfigErrors.Of(Yaml("    binlog_archive:\n      path: /a\n      remote_interval: 1h")));
    }
}
