using BackupExporter.IntegrationTests.Fixtures;
using MySqlConnector;

namespace BackupExporter.IntegrationTests.Server;

/// <summary>The server inspection against a real MariaDB of the test's own, which it rotates, locks, stops and restarts.</summary>
public sealed class ServerInspectionTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("backup-exporter-server-").FullName;
    private MariaDbServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await MariaDbServer.StartOwnAsync();
        await _server.SeedShopAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await ProcessRunner.RunAsync("rm", ["-rf", _root]);
    }

    private static (string, string)[] Db => [("server", "db")];

    [Fact]
    public async Task Binlogs_retention_locks_and_a_restart_are_seen()
    {
        var config = await TestConfig.WriteNightlyWithServerDbAsync(_server, Path.Combine(_root, "config.yml"),
            Path.Combine(_root, "dumps"),
            "shop.sql.gz", TimeSpan.FromHours(1), global: g => g.Timeout("10s"), serverKeys: s => s.BinlogDirectory(_server.DataDirectory));
        await using var exporter = await ExporterProcess.StartAsync(config);

        var m = await exporter.ScrapeAsync();
        Assert.Equal(1, m.Value("mysql_backup_server_up", Db));
        Assert.Equal("mariadb", m.Named("mysql_backup_server_info").Single().Labels["flavor"]);
        Assert.Equal(1, m.Value("mysql_backup_binlog_enabled", Db));
        var files = m.Value("mysql_backup_binlog_files", Db)!.Value;
        Assert.True(files >= 1);
        Assert.True(m.Value("mysql_backup_binlog_size_bytes", Db) > 0);
        Assert.InRange(m.Value("mysql_backup_binlog_oldest_timestamp_seconds", Db)!.Value,
            DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        Assert.Equal(0, m.Value("mysql_backup_blocked_threads", ("server", "db"), ("wait", "metadata_lock")));
        Assert.Equal(1, m.Value("mysql_backup_exporter_inspection_success", ("inspection", "server:db")));

        // Retention changed at runtime, binlogs rotated.
        await _server.ExecuteAsync("SET GLOBAL binlog_expire_logs_seconds = 7200; FLUSH BINARY LOGS;");
        await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_binlog_retention_seconds", Db) == 7200
            && s.Value("mysql_backup_binlog_files", Db) == files + 1, "retention 7200 and one more binlog");

        // One session holds a table lock, another waits for it: a blocked thread.
        await using (var holder = new MySqlConnection(_server.ConnectionString))
        {
            await holder.OpenAsync();
            await new MySqlCommand("LOCK TABLES shop.orders WRITE", holder).ExecuteNonQueryAsync();
            await using var waiter = new MySqlConnection(_server.ConnectionString);
            await waiter.OpenAsync();
            var waiting = new MySqlCommand("SELECT COUNT(*) FROM shop.orders", waiter).ExecuteScalarAsync();
            await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_blocked_threads", ("server", "db"), ("wait", "metadata_lock")) >= 1,
                "the waiting session is counted");

            // A backup tool's FLUSH TABLES WITH READ LOCK queues behind the same lock: a backup session, blocked.
            await using var backup = new MySqlConnection(_server.ConnectionString);
            await backup.OpenAsync();
            var flushing = new MySqlCommand("FLUSH TABLES WITH READ LOCK", backup).ExecuteNonQueryAsync();
            var locked = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_server_backup_sessions", Db) >= 1,
                "the backup session is seen");
            Assert.True(locked.Named("mysql_backup_blocked_threads").Sum(x => x.Value) >= 2, await exporter.GetMetricsAsync());

            await new MySqlCommand("UNLOCK TABLES", holder).ExecuteNonQueryAsync();
            await waiting;
            await flushing;
            await new MySqlCommand("UNLOCK TABLES", backup).ExecuteNonQueryAsync();
        }
        await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_blocked_threads", ("server", "db"), ("wait", "metadata_lock")) == 0,
            "nobody waits");

        // The server dies: server_up 0, the backup set's metrics keep flowing; it comes back without an exporter restart.
        await _server.StopAsync();
        var down = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_server_up", Db) == 0, "the server is seen down");
        Assert.Equal(1, down.Value("mysql_backup_check_ok", ("backup", "nightly"), ("check", "complete")));
        Assert.Equal(1, down.Value("mysql_backup_exporter_inspection_success", ("inspection", "server:db")));
        var status = (await exporter.GetAsync("/api/v1/status")).Body;
        Assert.True(status.Contains("\"up\": false", StringComparison.Ordinal), status);

        await _server.StartAsync();
        await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_server_up", Db) == 1, "the server is seen up again");
    }

    [Fact]
    public async Task A_missing_privilege_fails_only_what_needs_it_and_names_the_privilege()
    {
        await _server.ExecuteAsync("CREATE USER 'monitor'@'localhost' IDENTIFIED BY 'pw'");
        var password = Path.Combine(_root, "monitor.password");
        await File.WriteAllTextAsync(password, "pw\n");
        File.SetUnixFileMode(password, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var config = await new ConfigBuilder()
            .Global(g => g.Interval("1s"))
            .Server("db", s => s.Socket(_server.SocketPath).User("monitor").PasswordFile(password))
            .Backup("nightly", SetKind.Mysqldump, _root)
            .WriteToAsync(Path.Combine(_root, "config.yml"));
        await using var exporter = await ExporterProcess.StartAsync(config);

        var m = await exporter.ScrapeAsync();
        Assert.Equal(1, m.Value("mysql_backup_server_up", Db));
        Assert.Equal(1, m.Value("mysql_backup_binlog_enabled", Db));
        Assert.Null(m.Value("mysql_backup_binlog_files", Db)); // SHOW BINARY LOGS needs a privilege monitor lacks
        var status = (await exporter.GetAsync("/api/v1/status")).Body;
        Assert.Contains("grant BINLOG MONITOR", status);
        // Without PROCESS the server answers with the account's own sessions only: not an error, but not the truth either.
        Assert.Null(m.Value("mysql_backup_blocked_threads", ("server", "db"), ("wait", "global_read_lock")));
        Assert.Contains("cannot read the process list: the process list shows only this account's own sessions (grant PROCESS)", status);
        Assert.DoesNotContain("pw\\n", status);

        await _server.ExecuteAsync("GRANT BINLOG MONITOR, PROCESS ON *.* TO 'monitor'@'localhost'");
        await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_binlog_files", Db) >= 1, "the granted privilege is used");
        await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_blocked_threads", ("server", "db"), ("wait", "global_read_lock")) == 0,
            "the process list is read");
        Assert.DoesNotContain("grant PROCESS", (await exporter.GetAsync("/api/v1/status")).Body);
    }

    [Fact]
    public async Task Point_in_time_recovery_holds_while_binlogs_from_the_newest_dump_are_retained()
    {
        var dumps = Path.Combine(_root, "pitr");
        var config = await TestConfig.WriteNightlyWithServerDbAsync(_server, Path.Combine(_root, "pitr.yml"), dumps,
            "shop-1.sql.gz", TimeSpan.FromHours(2));
        await using var exporter = await ExporterProcess.StartAsync(config);
        var nightly = ("backup", "nightly");

        var covered = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_pitr_ok", nightly) == 1, "PITR covered");
        var selected = await ExporterProcess.RunCliAsync("verify", "--config.file=" + config, "--backup=nightly", "--output=json");
        Assert.True(selected.ExitCode == 0, selected.Stdout + selected.Stderr); // the linked server is inspected too
        Assert.InRange(covered.Value("mysql_backup_pitr_window_seconds", nightly)!.Value, 7190, 7300);

        // Rotate twice and purge everything before the current binlog: the dump's starting binlog is gone.
        await _server.ExecuteAsync("INSERT INTO shop.orders VALUES (100001, 1, 1.00, 'after the dump'); FLUSH BINARY "
            + "LOGS; FLUSH BINARY LOGS;");
        // MariaDB keeps a binlog until its transactions are checkpointed for crash recovery: purge until it is done.
        for (var attempt = 0; (await BinlogNamesAsync()).Count > 1; attempt++)
        {
            Assert.True(attempt < 40, "PURGE BINARY LOGS kept the old binlogs for 20 s");
            await _server.ExecuteAsync($"PURGE BINARY LOGS TO '{(await BinlogNamesAsync())[^1]}'");
            await Task.Delay(500);
        }
        var gap = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_pitr_ok", nightly) == 0, "PITR lost after the purge");
        Assert.Equal(0, gap.Value("mysql_backup_pitr_window_seconds", nightly));
        var verify = await ExporterProcess.RunCliAsync("verify", "--config.file=" + config, "--output=json");
        Assert.Equal(1, verify.ExitCode); // WARNING: the backup is good, the point-in-time restore is not possible
        Assert.Contains("is no longer retained", verify.Stdout);

        // A new dump starts from a retained binlog: covered again.
        await DumpMaker.DumpAsync(_server, Path.Combine(dumps, "shop-2.sql.gz"), modified: DateTimeOffset.UtcNow.AddMinutes(-1));
        await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_pitr_ok", nightly) == 1, "PITR covered by the new dump");
    }

    private async Task<List<string>> BinlogNamesAsync()
    {
        var names = new List<string>();
        await using var c = new MySqlConnection(_server.ConnectionString);
        await c.OpenAsync();
        await using var r = await new MySqlCommand("SHOW BINARY LOGS", c).ExecuteReaderAsync();
        while (await r.ReadAsync())
            names.Add(r.GetString(0));
        return names;
    }

    [Fact]
    public async Task A_server_without_binary_logs_says_so_and_offers_no_point_in_time_recovery()
    {
        await using var noBinlog = await MariaDbServer.StartOwnAsync("--skip-log-bin");
        await noBinlog.SeedShopAsync();
        var dumps = Directory.CreateDirectory(Path.Combine(_root, "nobinlog")).FullName;
        await DumpMaker.DumpAsync(noBinlog, Path.Combine(dumps, "shop.sql.gz"),
            modified: DateTimeOffset.UtcNow.AddHours(-1), masterData: false);
        var config = await new ConfigBuilder()
            .Server(noBinlog)
            .Backup("nightly", SetKind.Mysqldump, dumps, b => b.Server("db"))
            .WriteToAsync(Path.Combine(_root, "nobinlog.yml"));
        await using var exporter = await ExporterProcess.StartAsync(config);

        var m = await exporter.ScrapeAsync();
        Assert.Equal(0, m.Value("mysql_backup_binlog_enabled", Db));
        Assert.Equal(0, m.Value("mysql_backup_binlog_files", Db));
        Assert.Equal(0, m.Value("mysql_backup_pitr_ok", ("backup", "nightly")));
        Assert.Contains("binary logging is off on server db", (await exporter.GetAsync("/api/v1/status")).Body);
    }
}
