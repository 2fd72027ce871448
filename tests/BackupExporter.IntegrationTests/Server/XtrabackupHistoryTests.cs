using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Server;

/// <summary>
/// <c>kind: xtrabackup_history</c> against a real MariaDB. Percona XtraBackup is not in Debian, so the test creates its
/// history table with the DDL XtraBackup itself runs (its write_xtrabackup_info) and inserts the rows it would write.
/// </summary>
public sealed class XtrabackupHistoryTests : IAsyncLifetime
{
    private const string Ddl = """
        CREATE DATABASE IF NOT EXISTS PERCONA_SCHEMA;
        CREATE TABLE IF NOT EXISTS PERCONA_SCHEMA.xtrabackup_history(
        uuid VARCHAR(40) NOT NULL PRIMARY KEY,
        name VARCHAR(255) DEFAULT NULL,
        tool_name VARCHAR(255) DEFAULT NULL,
        tool_command TEXT DEFAULT NULL,
        tool_version VARCHAR(255) DEFAULT NULL,
        ibbackup_version VARCHAR(255) DEFAULT NULL,
        server_version VARCHAR(255) DEFAULT NULL,
        start_time TIMESTAMP NULL DEFAULT NULL,
        end_time TIMESTAMP NULL DEFAULT NULL,
        lock_time BIGINT UNSIGNED DEFAULT NULL,
        binlog_pos VARCHAR(128) DEFAULT NULL,
        innodb_from_lsn BIGINT UNSIGNED DEFAULT NULL,
        innodb_to_lsn BIGINT UNSIGNED DEFAULT NULL,
        partial ENUM('Y', 'N') DEFAULT NULL,
        incremental ENUM('Y', 'N') DEFAULT NULL,
        format ENUM('file', 'tar', 'xbstream') DEFAULT NULL,
        compact ENUM('Y', 'N') DEFAULT NULL,
        compressed ENUM('Y', 'N') DEFAULT NULL,
        encrypted ENUM('Y', 'N') DEFAULT NULL
        ) CHARACTER SET utf8 ENGINE=innodb;
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("backup-exporter-history-").FullName;
    private MariaDbServer _server = null!;

    public async Task InitializeAsync() => _server = await MariaDbServer.StartOwnAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await ProcessRunner.RunAsync("rm", ["-rf", _root]);
    }

    private static string Row(string uuid, long endUnix, string binlogFile, char incremental, long fromLsn, long toLsn) => $"""
        INSERT INTO PERCONA_SCHEMA.xtrabackup_history (uuid, name, tool_name, tool_command, tool_version, ibbackup_version,
          server_version, start_time, end_time, lock_time, binlog_pos, innodb_from_lsn, innodb_to_lsn, partial, incremental,
          format, compact, compressed, encrypted)
        VALUES ('{uuid}', 'nightly', 'xtrabackup', '--backup --history=nightly', '8.0.35-30', '8.0.35-30', '8.0.36',
          FROM_UNIXTIME({endUnix - 300}), FROM_UNIXTIME({endUnix}), 1, 'filename ''{binlogFile}'', position ''385''',
          {fromLsn}, {toLsn}, 'N', '{incremental}', 'xbstream', 'N', 'N', 'N');
        """;

    [Fact]
    public async Task Rows_of_the_history_table_are_artifacts_with_their_binlog_position()
    {
        var config = Path.Combine(_root, "history.yml");
        await new ConfigBuilder()
            .Global(g => g.Interval("1s"))
            .Server(_server)
            .Backup("xb", SetKind.XtrabackupHistory, null, b => b.Server("db").Schedule("0 3 * * *", grace: "2h"))
            .WriteToAsync(config);
        await using var exporter = await ExporterProcess.StartAsync(config);
        var xb = ("backup", "xb");

        var missing = await exporter.ScrapeAsync();
        Assert.Equal(0, missing.Value("mysql_backup_path_ok", xb));
        Assert.Contains("PERCONA_SCHEMA.xtrabackup_history or mysql.mariadb_backup_history does not exist on server db: run xtrabackup or "
            + "mariabackup with --history",
            (await exporter.GetAsync("/api/v1/status")).Body);

        var currentBinlog = (string)(await _server.ScalarAsync("SELECT @@log_bin_basename"))!;
        currentBinlog = Path.GetFileName(currentBinlog) + ".000001";
        var full = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeSeconds();
        var incremental = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds();
        await _server.ExecuteAsync(Ddl + Row("a-full", full, currentBinlog, 'N', 0, 44404)
            + Row("b-incr", incremental, currentBinlog, 'Y', 44404, 48000));

        var m = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_artifacts", xb, ("status", "ok")) == 2,
            "both rows are artifacts");
        Assert.Equal(1, m.Value("mysql_backup_path_ok", xb));
        Assert.Equal(incremental, m.Value("mysql_backup_last_success_timestamp_seconds", xb));
        Assert.Equal(full, m.Value("mysql_backup_oldest_timestamp_seconds", xb));
        Assert.Equal(1, m.Value("mysql_backup_check_ok", xb, ("check", "complete")));
        Assert.Equal(0, m.Value("mysql_backup_overdue", xb));
        Assert.Equal(1, m.Value("mysql_backup_pitr_ok", xb));
    }

    [Fact]
    public async Task The_history_the_real_mariabackup_writes_is_read()
    {
        // mariabackup of MariaDB 10.11+ writes its --history to mysql.mariadb_backup_history (XtraBackup's columns).
        await _server.SeedShopAsync();
        var target = Path.Combine(_root, "full");
        await ProcessRunner.ShellAsync($"{PhysicalBackupMaker.Tool} --backup --history=nightly --target-dir={target} "
            + $"--socket={_server.SocketPath} --user=root > {_root}/mariabackup.log 2>&1");
        var config = Path.Combine(_root, "mariabackup-history.yml");
        await new ConfigBuilder()
            .Global(g => g.Interval("1s"))
            .Server(_server)
            .Backup("history", SetKind.XtrabackupHistory, null, b => b.Server("db"))
            .WriteToAsync(config);
        await using var exporter = await ExporterProcess.StartAsync(config);
        var set = ("backup", "history");

        var m = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_artifacts", set, ("status", "ok")) == 1,
            "the real row is an artifact");
        Assert.Equal(1, m.Value("mysql_backup_pitr_ok", set));
        Assert.NotNull(m.Value("mysql_backup_last_success_duration_seconds", set));
        var status = (await exporter.GetAsync("/api/v1/status")).Body;
        Assert.Contains("recorded complete in mysql.mariadb_backup_history", status);
        // The binlog position the tool recorded is the one in its own xtrabackup_binlog_info.
        var binlogInfo = (await File.ReadAllTextAsync(Path.Combine(target, "xtrabackup_binlog_info"))).Split('\t');
        Assert.Contains($"\"binlog_file\":\"{binlogInfo[0]}\"", status.Replace(" ", ""));
        Assert.Contains($"\"binlog_position\":{binlogInfo[1].Trim()}", status.Replace(" ", ""));
    }
}
