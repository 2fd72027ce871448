using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Server;

/// <summary>
/// <c>kind: meb</c> against a real MariaDB. MySQL Enterprise Backup is commercial and cannot run here, so the test
/// creates <c>mysql.backup_history</c> with the columns of the table's DESCRIBE in the MEB manual ("Using the MySQL
/// Enterprise Backup Logs"; the column types are as documented for MEB 8.0, not checked against a running mysqlbackup)
/// and inserts the rows mysqlbackup writes when a run ends, a failed run included.
/// </summary>
public sealed class MebHistoryTests : IAsyncLifetime
{
    internal const string Ddl = """
        CREATE TABLE IF NOT EXISTS mysql.backup_history (
        backup_id BIGINT NOT NULL PRIMARY KEY,
        tool_name VARCHAR(4096) NOT NULL,
        start_time TIMESTAMP NULL DEFAULT NULL,
        end_time TIMESTAMP NULL DEFAULT NULL,
        binlog_pos BIGINT NOT NULL,
        binlog_file VARCHAR(255) NOT NULL,
        compression_level INT NOT NULL,
        engines VARCHAR(100) NOT NULL,
        innodb_data_file_path VARCHAR(2048) NOT NULL,
        start_lsn BIGINT NOT NULL,
        end_lsn BIGINT NOT NULL,
        backup_type VARCHAR(50) NOT NULL,
        backup_format VARCHAR(50) NOT NULL,
        mysql_data_dir VARCHAR(2048) NOT NULL,
        innodb_data_home_dir VARCHAR(2048) NOT NULL,
        innodb_log_group_home_dir VARCHAR(2048) NOT NULL,
        innodb_log_files_in_group VARCHAR(100) NOT NULL,
        innodb_log_file_size VARCHAR(100) NOT NULL,
        backup_destination VARCHAR(4096) NOT NULL,
        lock_time DOUBLE(7,3) NOT NULL,
        exit_state VARCHAR(10) NOT NULL,
        last_error VARCHAR(4096) NOT NULL,
        last_error_code INT NOT NULL,
        start_time_utc BIGINT NOT NULL,
        end_time_utc BIGINT NOT NULL,
        consistency_time_utc BIGINT NOT NULL,
        meb_version VARCHAR(20) NOT NULL DEFAULT '0.0.0',
        server_uuid VARCHAR(36) NOT NULL
        ) ENGINE=InnoDB;
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("backup-exporter-meb-").FullName;
    private MariaDbServer _server = null!;

    public async Task InitializeAsync() => _server = await MariaDbServer.StartOwnAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await ProcessRunner.RunAsync("rm", ["-rf", _root]);
    }

    private const string ServerUuid = "a1b2c3d4-0000-0000-0000-000000000001";

    internal static string Row(long id, string type, long startUnix, long endUnix, string binlogFile, long binlogPos,
        long startLsn, long endLsn, string exitState, string lastError = "NO_ERROR", int lastErrorCode = 0) => $"""
        INSERT INTO mysql.backup_history VALUES ({id}, 'mysqlbackup --backup-dir=/backup/{id} backup', FROM_UNIXTIME({startUnix}),
          FROM_UNIXTIME({endUnix}), {binlogPos}, '{binlogFile}', 0, 'CSV:InnoDB:MyISAM', 'ibdata1:12M:autoextend', {startLsn}, {endLsn},
          '{type}', 'DIRECTORY', '/var/lib/mysql/', '/var/lib/mysql/', '/var/lib/mysql/', '2', '50331648', '/backup/{id}', 0.012,
          '{exitState}', '{lastError}', {lastErrorCode}, {startUnix}000000, {endUnix}000000, {endUnix}000000, '8.0.36', '{ServerUuid}');
        """;

    [Fact]
    public async Task Runs_recorded_by_mysqlbackup_are_artifacts_and_a_failed_run_fails_complete()
    {
        var config = Path.Combine(_root, "meb.yml");
        await new ConfigBuilder()
            .Global(g => g.Interval("1s"))
            .Server(_server)
            .Backup("meb", SetKind.Meb, null, b => b.Server("db").Schedule("0 3 * * *", grace: "2h"))
            .WriteToAsync(config);
        await using var exporter = await ExporterProcess.StartAsync(config);
        var meb = ("backup", "meb");

        var missing = await exporter.ScrapeAsync();
        Assert.Equal(0, missing.Value("mysql_backup_path_ok", meb));
        Assert.Contains("mysql.backup_history does not exist on server db: mysqlbackup writes it unless run with --no-history-logging",
            (await exporter.GetAsync("/api/v1/status")).Body);

        var binlog = Path.GetFileName((string)(await _server.ScalarAsync("SELECT @@log_bin_basename"))!) + ".000001";
        var now = DateTimeOffset.UtcNow;
        var full = now.AddDays(-1).ToUnixTimeSeconds();
        var incremental = now.AddHours(-3).ToUnixTimeSeconds();
        await _server.ExecuteAsync(Ddl
            + Row(1, "FULL", full - 600, full, binlog, 385, 0, 1_000_000, "SUCCESS")
            + Row(2, "INCREMENTAL", incremental - 90, incremental, binlog, 4096, 1_000_001, 1_200_000, "SUCCESS"));

        var good = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_artifacts", meb, ("status", "ok")) == 2, "both successful "
            + "runs are artifacts");
        Assert.Equal(1, good.Value("mysql_backup_path_ok", meb));
        Assert.Equal(incremental, good.Value("mysql_backup_last_success_timestamp_seconds", meb));
        Assert.Equal(90, good.Value("mysql_backup_last_success_duration_seconds", meb));
        Assert.Equal(full, good.Value("mysql_backup_oldest_timestamp_seconds", meb));
        Assert.Equal(1, good.Value("mysql_backup_check_ok", meb, ("check", "complete")));
        Assert.Equal(1, good.Value("mysql_backup_pitr_ok", meb));
        Assert.Equal(1, good.Value("mysql_backup_info", meb, ("server", "db"), ("kind", "meb"), ("path", "")));

        // A run that ended in failure is still written to the table: it is the newest finished artifact and fails complete.
        var failed = now.AddMinutes(-10).ToUnixTimeSeconds();
        await _server.ExecuteAsync(Row(3, "INCREMENTAL", failed - 30, failed, binlog, 8192, 1_200_001, 0, "FAILURE",
            "mysqlbackup failed with errors!", 1));
        var bad = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_artifacts", meb, ("status", "failed")) == 1, "the failed run "
            + "is a failed artifact");
        Assert.Equal(0, bad.Value("mysql_backup_check_ok", meb, ("check", "complete")));
        Assert.Equal(failed, bad.Value("mysql_backup_last_failure_timestamp_seconds", meb));
        Assert.Equal(incremental, bad.Value("mysql_backup_last_success_timestamp_seconds", meb));
        var status = (await exporter.GetAsync("/api/v1/status")).Body;
        Assert.Contains("INCREMENTAL run 3", status);
        Assert.Contains("exit_state FAILURE: mysqlbackup failed with errors! (error 1)", status);
    }

    [Fact]
    public async Task An_account_without_select_on_the_table_is_told_which_grant_it_needs()
    {
        await _server.ExecuteAsync(Ddl + """
            CREATE USER 'watcher'@'localhost' IDENTIFIED BY 'w4tch';
            GRANT PROCESS ON *.* TO 'watcher'@'localhost';
            """);
        var passwordFile = Path.Combine(_root, "watcher.password");
        await File.WriteAllTextAsync(passwordFile, "w4tch\n");
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var config = Path.Combine(_root, "meb-grant.yml");
        await new ConfigBuilder()
            .Global(g => g.Interval("1s"))
            .Server("db", s => s.Socket(_server.SocketPath).User("watcher").PasswordFile(passwordFile))
            .Backup("meb", SetKind.Meb, null, b => b.Server("db"))
            .WriteToAsync(config);
        await using var exporter = await ExporterProcess.StartAsync(config);

        var m = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_path_ok", ("backup", "meb")) == 0, "the set reports its "
            + "table unreadable");
        Assert.Equal(1, m.Value("mysql_backup_server_up", ("server", "db")));
        var status = (await exporter.GetAsync("/api/v1/status")).Body;
        Assert.Contains("cannot read mysql.backup_history on server db", status);
        Assert.Contains("grant SELECT ON mysql.backup_history", status);
        Assert.DoesNotContain("w4tch", status);
    }
}
