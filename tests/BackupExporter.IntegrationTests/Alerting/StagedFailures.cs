using BackupExporter.Inspection.Drills;
using BackupExporter.Platform;
using BackupExporter.IntegrationTests.Fixtures;
using MySqlConnector;

namespace BackupExporter.IntegrationTests.Alerting;

/// <summary>
/// One failure staged for real, on a backup set (or server) of its own, and the one alert that must name it:
/// <paramref name="Group"/> is the set's or server's label, <paramref name="Labels"/> what the alert must carry,
/// <paramref name="Words"/> what its summary must say.
/// </summary>
public sealed record StagedFailure(string Cause, (string Label, string Value) Group, string Alert, string Severity,
    IReadOnlyDictionary<string, string> Labels, string Words);

/// <summary>
/// Stages every failure with the real tools against two throwaway MariaDB servers ("db", which stays up, and "gone",
/// stopped at the end), and writes the exporter's configuration for them plus one healthy set on "db". Each staged
/// set first gets a good dump a day old, so that only the failure differs from a healthy set.
/// </summary>
public sealed class StagedFailures(string root, MariaDbServer db, MariaDbServer gone)
{
    private readonly List<StagedFailure> _failures = [];
    private readonly ConfigBuilder _config = ConfigBuilder.Fast()
        .Global(g => g.StateFile($"{root}/state/log-offsets.json"))
        .Server(db, "db")
        .Server(gone, "gone");

    public IReadOnlyList<StagedFailure> Failures => _failures;

    private string Sets => Path.Combine(root, "sets");

    private string SetDir(string name) => Directory.CreateDirectory(Path.Combine(Sets, name)).FullName;

    private string Log(string name) => Path.Combine(Directory.CreateDirectory(Path.Combine(root, "logs")).FullName, name + ".log");

    private string Dump(MariaDbServer server) => $"{ProcessRunner.Quote(MariaDbServer.DumpTool)} --socket="
        + $"{ProcessRunner.Quote(server.SocketPath)} --user=root";

    public string ConfigFile => Path.Combine(root, "exporter.yml");

    private static DateTimeOffset Ago(double hours) => DateTimeOffset.UtcNow.AddHours(-hours);

    private void Set(string name, Action<BackupEntry>? extra = null, string? path = null, bool log = false,
        SetKind kind = SetKind.Mysqldump, string pattern = "shop-*") =>
        _config.Backup(name, kind, kind == SetKind.Meb ? null : path ?? SetDir(name), b =>
        {
            if (kind != SetKind.Meb)
                b.Pattern(pattern);
            if (log)
                b.Log(Log(name)).RunStatus($"{root}/state/{name}.json");
            extra?.Invoke(b);
        });

    private void Expect(string cause, string set, string alert, string severity, string words, params (string, string)[] labels) =>
        _failures.Add(new(cause, ("backup", set), alert, severity, labels.ToDictionary(l => l.Item1, l => l.Item2), words));

    private async Task<string> GoodDayOldAsync(string set, MariaDbServer? server = null) =>
        await DumpMaker.DumpAsync(server ?? db, Path.Combine(SetDir(set), "shop-1.sql.gz"), modified: Ago(25));

    private Task<(int ExitCode, string Stdout, string Stderr)> RunWrapperAsync(string set, params string[] command) =>
        ExporterProcess.RunCliAsync(["run", "--config.file=" + ConfigFile, "--backup=" + set, "--", .. command]);

    /// <summary>Writes the configuration (the run wrapper reads it too), then stages every failure and the healthy set.</summary>
    public async Task StageAsync()
    {
        Set("healthy", b => b.Server("db"), log: true);
        Set("denied", log: true);
        Set("full", log: true);
        Set("locked", log: true);
        Set("tablespace", log: true);
        Set("cut");
        Set("mismatch");
        Set("corrupt");
        Set("chain", kind: SetKind.Mariabackup, pattern: "[0-9]*");
        Set("gone", b => b.Server("gone"));
        Set("failed", log: true);
        Set("late", b => b.Schedule("0 * * * *", grace: "10m"));
        Set("shrunk", b => b.MaxShrink("50%"));
        Set("collapsed");
        Set("pitr", b => b.Server("db"));
        Set("empty");
        Set("unmounted", path: Path.Combine(root, "not-mounted"));
        Set("meb", b => b.Server("db"), kind: SetKind.Meb);
        Set("undrillable");
        Set("thinned", b => b.Schedule("0 0 * * *", grace: "5m").Timezone("UTC").Retention(r => r.Set("window", "7d")));
        await _config.WriteToAsync(ConfigFile);

        // A refused login through the run wrapper: mariadb-dump leaves a 0-byte --result-file.
        await GoodDayOldAsync("denied");
        var denied = await RunWrapperAsync("denied", MariaDbServer.DumpTool, "--socket=" + db.SocketPath, "--user=nobody_here",
            "--result-file=" + Path.Combine(SetDir("denied"), "shop-2.sql"), "shop");
        Assert.True(denied.ExitCode != 0 && new FileInfo(Path.Combine(SetDir("denied"), "shop-2.sql")).Length == 0, denied.Stderr);
        Expect("failed login", "denied", "MysqlBackupLogErrors", "critical", "refused the backup account", ("class", "access_denied"));

        // A full disk under a cron job: the tool's own errno 28 in the log, and the dump it cut off.
        await GoodDayOldAsync("full");
        await ProcessRunner.RunAsync("bash", ["-c", $"{Dump(db)} shop > /dev/full 2>> {ProcessRunner.Quote(Log("full"))}"]);
        Damage.TruncateFraction(await DumpMaker.DumpAsync(db, Path.Combine(SetDir("full"), "shop-2.sql.gz"), sha256Sidecar: false), 0.4);
        Expect("disk full", "full", "MysqlBackupLogErrors", "critical", "the disk filled up", ("class", "disk_full"));

        // A lock wait timeout: a session holds a write lock while mariadb-dump --lock-tables waits at most 1 s.
        await GoodDayOldAsync("locked");
        await using (var holder = new MySqlConnection(db.ConnectionString))
        {
            await holder.OpenAsync();
            await new MySqlCommand("LOCK TABLES shop.orders WRITE", holder).ExecuteNonQueryAsync();
            await db.ExecuteAsync("SET GLOBAL lock_wait_timeout = 1");
            await ProcessRunner.RunAsync("bash", ["-c", $"{Dump(db)} --lock-tables shop orders "
                + $"> {Path.Combine(SetDir("locked"), "shop-2.sql")} 2>> {ProcessRunner.Quote(Log("locked"))}"]);
            await db.ExecuteAsync("SET GLOBAL lock_wait_timeout = DEFAULT");
        }
        Expect("lock wait timeout", "locked", "MysqlBackupLogErrors", "critical", "a lock wait timed out", ("class", "lock_timeout"));

        // A plain dump cut off with no log to say why.
        await GoodDayOldAsync("cut");
        Damage.TruncateFraction(await DumpMaker.DumpAsync(db, Path.Combine(SetDir("cut"), "shop-2.sql"), DumpCompression.None,
            sha256Sidecar: false), 0.6);
        Expect("truncated dump", "cut", "MysqlBackupIncomplete", "critical", "was cut off", ("kind", "mysqldump"), ("check", "complete"));

        // A whole dump whose sidecar does not match.
        await GoodDayOldAsync("mismatch");
        Damage.WriteWrongSidecar(await DumpMaker.DumpAsync(db, Path.Combine(SetDir("mismatch"), "shop-2.sql.gz")));
        Expect("bad checksum", "mismatch", "MysqlBackupChecksumMismatch", "critical", "does not match its checksum", ("check", "checksum"));

        // A changed byte inside a gzip stream (its sidecar, written before, no longer matches either).
        await GoodDayOldAsync("corrupt");
        var corrupt = await DumpMaker.DumpAsync(db, Path.Combine(SetDir("corrupt"), "shop-2.sql.gz"));
        Damage.FlipByte(corrupt, new FileInfo(corrupt).Length / 2);
        Expect("corrupt gzip", "corrupt", "MysqlBackupCompressionBroken", "critical", "truncated or corrupt", ("check", "compression"));

        await StageThinnedRetentionAsync();

        await StageBrokenChainAsync();
        await StageSizeCollapseAsync();
        await StageFailedDrillsAsync();

        // A tablespace file lost while the server was down (in a database of its own, so that the other dumps and
        // mariabackup above are not touched): the cron job's dump of it stops at that table.
        await GoodDayOldAsync("tablespace");
        await db.ExecuteAsync("CREATE DATABASE lost; CREATE TABLE lost.t (id INT PRIMARY KEY) ENGINE=InnoDB; INSERT "
            + "INTO lost.t VALUES (1)");
        await db.StopAsync();
        File.Delete(Path.Combine(db.DataDirectory, "lost", "t.ibd"));
        await db.StartAsync();
        await ProcessRunner.RunAsync("bash", ["-c", $"{Dump(db)} --databases lost > {Path.Combine(SetDir("tablespace"), "shop-2.sql")} "
            + $"2>> {ProcessRunner.Quote(Log("tablespace"))}"]);
        Expect("missing tablespace", "tablespace", "MysqlBackupLogErrors", "critical", "a table or tablespace is missing",
            ("class", "missing_table"));

        // A wrapped job that fails without a line of any known class.
        await GoodDayOldAsync("failed");
        var failed = await RunWrapperAsync("failed", "bash", "-c", "echo copying the dump to the backup host; exit 3");
        Assert.Equal(3, failed.ExitCode);
        Expect("failed run, no classified line", "failed", "MysqlBackupRunFailed", "critical", "failed without a recognised error");

        // An hourly set whose newest good backup is three hours old.
        await DumpMaker.DumpAsync(db, Path.Combine(SetDir("late"), "shop-1.sql.gz"), modified: Ago(3));
        Expect("overdue", "late", "MysqlBackupOverdue", "critical", "is overdue");

        // A 0-byte newest artifact with no log.
        await GoodDayOldAsync("empty");
        Damage.MakeEmpty(await DumpMaker.DumpAsync(db, Path.Combine(SetDir("empty"), "shop-2.sql.gz"), sha256Sidecar: false));
        Expect("empty artifact", "empty", "MysqlBackupIncomplete", "critical", "was cut off", ("kind", "mysqldump"), ("check", "complete"));

        Expect("directory missing", "unmounted", "MysqlBackupDirectoryUnreadable", "critical", "is missing or unreadable");

        // MySQL Enterprise Backup is commercial and cannot run here: its history table and the rows mysqlbackup writes
        // (a good run a day ago, then a failed one) are made as MebHistoryTests makes them, from the MEB manual.
        var binlog = Path.GetFileName((string)(await db.ScalarAsync("SELECT @@log_bin_basename"))!) + ".000001";
        var (good, bad) = (Ago(25).ToUnixTimeSeconds(), Ago(1).ToUnixTimeSeconds());
        await db.ExecuteAsync(Server.MebHistoryTests.Ddl + Server.MebHistoryTests.Row(1, "FULL", good - 600, good, binlog, 385,
            0, 1_000_000, "SUCCESS")
            + Server.MebHistoryTests.Row(2, "FULL", bad - 600, bad, binlog, 4096, 1_000_001, 0, "FAILURE", "mysqlbackup "
                + "failed with errors!", 1));
        Expect("failed MEB run (history row, made by the test)", "meb", "MysqlBackupIncomplete", "critical", "MySQL Enterprise Backup run",
            ("kind", "meb"), ("check", "complete"));

        // Binlogs purged past the newest backup's position; the healthy set on the same server is dumped after that.
        await DumpMaker.DumpAsync(db, Path.Combine(SetDir("pitr"), "shop-1.sql.gz"), modified: Ago(1));
        await db.ExecuteAsync("FLUSH BINARY LOGS");
        await PurgeBinlogsAsync();
        Expect("binlogs purged", "pitr", "MysqlBackupPitrGap", "critical", "binary logs are missing");

        await GoodDayOldAsync("healthy");
        var healthy = await RunWrapperAsync("healthy", MariaDbServer.DumpTool, "--socket=" + db.SocketPath,
            "--user=root", "--single-transaction",
            "--master-data=2", "--result-file=" + Path.Combine(SetDir("healthy"), "shop-2.sql"), "--databases", "shop");
        Assert.True(healthy.ExitCode == 0, healthy.Stderr);

        // A server that stops: its set's dump is good, its point-in-time recovery can no longer be judged.
        await gone.SeedShopAsync();
        await DumpMaker.DumpAsync(gone, Path.Combine(SetDir("gone"), "shop-1.sql.gz"), modified: Ago(1));
        await gone.StopAsync();
        _failures.Add(new("server down", ("server", "gone"), "MysqlBackupServerUnreachable", "critical",
            new Dictionary<string, string>(), "is down or refuses the exporter"));
    }

    /// <summary>
    /// Purges every binlog before the current one. MariaDB keeps a binlog while InnoDB has not yet checkpointed the
    /// transactions in it (PURGE then leaves it, with a warning), so the purge is repeated until only the current remains.
    /// </summary>
    private async Task PurgeBinlogsAsync()
    {
        var current = await CurrentBinlogAsync();
        for (var until = DateTime.UtcNow.AddSeconds(60); ; await Task.Delay(200))
        {
            await db.ExecuteAsync($"PURGE BINARY LOGS TO '{current}'");
            var oldest = await OldestBinlogAsync();
            if (oldest == current)
                return;
            Assert.True(DateTime.UtcNow < until, $"binlogs before {current} are still retained after 60 s (oldest: {oldest})");
        }
    }

    private async Task<string> OldestBinlogAsync()
    {
        await using var connection = new MySqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var reader = await new MySqlCommand("SHOW BINARY LOGS", connection).ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the test server lists no binary logs");
        return reader.GetString(0);
    }

    private async Task<string> CurrentBinlogAsync()
    {
        await using var connection = new MySqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var reader = await new MySqlCommand("SHOW MASTER STATUS", connection).ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "binary logging is off on the test server");
        return reader.GetString(0);
    }

    /// <summary>Full, incremental, incremental with the real mariabackup; then the middle one is lost.</summary>
    private async Task StageBrokenChainAsync()
    {
        var chain = SetDir("chain");
        await PhysicalBackupMaker.BackupAsync(db, Path.Combine(chain, "1-full"));
        await PhysicalBackupMaker.AdvanceCheckpointAsync(db);
        await PhysicalBackupMaker.BackupAsync(db, Path.Combine(chain, "2-inc"), basedir: Path.Combine(chain, "1-full"));
        await PhysicalBackupMaker.AdvanceCheckpointAsync(db);
        await PhysicalBackupMaker.BackupAsync(db, Path.Combine(chain, "3-inc"), basedir: Path.Combine(chain, "2-inc"));
        await ProcessRunner.ShellAsync($"mkdir -p {chain}.logs && mv {chain}/*.log {chain}.logs/ && rm -rf {chain}/2-inc");
        Expect("broken incremental chain", "chain", "MysqlBackupChainBroken", "critical", "cannot be prepared", ("check", "chain"));
    }

    /// <summary>The state directory the exporter must be started with: it holds the drill histories staged here.</summary>
    public string StateDirectory => Path.Combine(root, "state");

    /// <summary>
    /// A dump that passes every check the exporter makes without restoring it (complete, its sidecar written after the
    /// damage) but has a syntax error in the middle: the real client's restore of it into a scratch database stops,
    /// and that outcome is recorded as the drill command records it. The set "mismatch", whose newest dump fails its
    /// checksum, gets a failed drill too: one cause, so its checksum alert alone pages.
    /// </summary>
    private async Task StageFailedDrillsAsync()
    {
        await DumpMaker.DumpAsync(db, Path.Combine(SetDir("undrillable"), "shop-1.sql"), DumpCompression.None,
            modified: Ago(25), databases: "shop");
        var dump = await DumpMaker.DumpAsync(db, Path.Combine(SetDir("undrillable"), "shop-2.sql"), DumpCompression.None,
            sha256Sidecar: false, databases: "shop");
        var lines = (await File.ReadAllLinesAsync(dump)).ToList();
        lines.Insert(lines.IndexOf("UNLOCK TABLES;") + 1, "INSERT INTO `orders` VALUES (1,,2);");
        await File.WriteAllLinesAsync(dump, lines);
        DumpMaker.WriteSidecar(dump);
        await db.ExecuteAsync("CREATE DATABASE drill_sandbox");
        var client = ProcessRunner.FindExecutable("mariadb", "mysql") ?? throw new InvalidOperationException("the mariadb client is "
            + "missing: apt-get install mariadb-client");
        var started = DateTimeOffset.UtcNow;
        var restore = await ProcessRunner.RunAsync("bash", ["-c", $"{ProcessRunner.Quote(client)} {db.ClientArguments} drill_sandbox < "
            + $"{ProcessRunner.Quote(dump)}"]);
        await db.ExecuteAsync("DROP DATABASE drill_sandbox");
        Assert.True(restore.ExitCode != 0 && restore.Stderr.Contains("ERROR 1064", StringComparison.Ordinal), restore.Stderr);
        var drills = new DrillHistoryStore(Path.Combine(StateDirectory, "drills"), StateAccess.OwnerOnly);
        foreach (var (set, artifact, error) in new[] { ("undrillable", dump, restore.Stderr.Trim()),
            ("mismatch", Path.Combine(SetDir("mismatch"), "shop-2.sql.gz"), "gzip: invalid compressed data--crc error") })
            Assert.Null(drills.Record(new DrillRecord(set, "mysqldump", DrillVerdict.Failed, error, DrillPhases.Restore, artifact, Ago(1),
                started, DateTimeOffset.UtcNow,
                new Dictionary<string, double> { [DrillPhases.Fetch] = 0,
                    [DrillPhases.Restore] = (DateTimeOffset.UtcNow - started).TotalSeconds, [DrillPhases.Total] =
                    (DateTimeOffset.UtcNow - started).TotalSeconds },
                0, [], [])));
        Expect("a dump that does not restore", "undrillable", "MysqlBackupRestoreTestFailed", "critical", "its backup did not restore");
    }

    /// <summary>
    /// Failing backups thin the retention: seven nights (dumped under faketime at each night, so their footers record it),
    /// of which two were cut off by the job dying, the newest among them. The seven-day promise is broken, and the
    /// failed newest backup is the one page: the broken promise is its consequence.
    /// </summary>
    private async Task StageThinnedRetentionAsync()
    {
        var lastDueDay = new DateTimeOffset((DateTime.UtcNow - TimeSpan.FromMinutes(6)).Date, TimeSpan.Zero);
        for (var ago = 6; ago >= 0; ago--)
        {
            var night = lastDueDay.AddDays(-ago).AddMinutes(1);
            var dump = await PastDump.DumpAsync(db, Path.Combine(SetDir("thinned"), $"shop-{night:yyyy-MM-dd}.sql.gz"), night);
            if (ago is 0 or 3)
                Damage.TruncateFraction(dump, 0.5);
        }
        Expect("failed backups thin the retention", "thinned", "MysqlBackupCompressionBroken", "critical", "truncated or corrupt",
            ("check", "compression"));
    }

    /// <summary>A good dump of the shop, then a whole dump of its small table only: once with max_shrink, once without.</summary>
    private async Task StageSizeCollapseAsync()
    {
        foreach (var set in new[] { "shrunk", "collapsed" })
        {
            var whole = await GoodDayOldAsync(set);
            var small = await DumpMaker.DumpAsync(db, Path.Combine(SetDir(set), "shop-2.sql.gz"), modified: Ago(1),
                databases: "shop customers");
            Assert.True(new FileInfo(small).Length < new FileInfo(whole).Length / 2, "the staged collapse is not below half the size");
        }
        Expect("size collapse, max_shrink set", "shrunk", "MysqlBackupSizeCheckFailed", "critical",
            "shrunk past max_shrink", ("check", "size"));
        Expect("size collapse, no max_shrink", "collapsed", "MysqlBackupSizeCollapsed", "warning", "a database or table may be missing");
    }
}
