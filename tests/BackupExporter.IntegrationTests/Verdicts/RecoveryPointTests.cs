using System.Text.Json;
using BackupExporter.IntegrationTests.Fixtures;
using BackupExporter.IntegrationTests.Offsite;
using MySqlConnector;

namespace BackupExporter.IntegrationTests.Verdicts;

/// <summary>
/// The recovery point of a set in each scope, with a real MariaDB of the test's own writing binlogs, real mariadb-dump
/// dumps (--master-data=2), real drills and the real rclone: local follows the server while its binlogs reach the
/// current one and falls back to the dump's own point on PURGE BINARY LOGS or without binlogs; proven follows the
/// drills; offsite follows the copies on the remote.
/// </summary>
public sealed class RecoveryPointTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("backup-exporter-rpo-").FullName;
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

    private string Dir(string name) => Directory.CreateDirectory(Path.Combine(_root, name)).FullName;

    private static readonly (string, string)[] Local = [("backup", "nightly"), ("scope", "local")];

    private static JsonElement Set(string json, string name) => JsonDocument.Parse(json).RootElement.GetProperty("backups")
        .EnumerateArray().Single(b => b.GetProperty("name").GetString() == name);

    private static JsonElement Point(JsonElement set, string scope) => set.GetProperty("recovery").GetProperty("points").EnumerateArray()
        .Single(p => p.GetProperty("scope").GetString() == scope);

    private static double Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    [Fact]
    public async Task The_local_point_follows_the_server_while_its_binlogs_reach_the_current_one_and_falls_back_on_a_purge()
    {
        var dumps = Path.Combine(_root, "pitr");
        var config = await TestConfig.WriteNightlyWithServerDbAsync(_server, Path.Combine(_root, "pitr.yml"), dumps, "shop-1.sql.gz",
            TimeSpan.FromHours(2), global: g => g.Interval("1s").Set("rpo", "26h"));
        await using var exporter = await ExporterProcess.StartAsync(config);

        // Through the retained binlogs to the current one: restorable to the moment the server was last seen.
        var first = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_recovery_point_timestamp_seconds", Local) > Now() - 30,
            "the local recovery point is the server's last observation");
        var at = first.Value("mysql_backup_recovery_point_timestamp_seconds", Local)!.Value;
        Assert.Equal(26 * 3600, first.Value("mysql_backup_rpo_seconds", ("backup", "nightly")));
        var (_, api) = await exporter.GetAsync("/api/v1/status");
        var local = Point(Set(api, "nightly"), "local");
        Assert.Equal("binlogs", local.GetProperty("extension").GetString());
        Assert.True(local.GetProperty("live").GetBoolean());
        Assert.Equal("shop-1.sql.gz", local.GetProperty("artifact").GetString());

        // Rows written and binlogs rotated: the point advances with them.
        await _server.ExecuteAsync("INSERT INTO shop.orders VALUES (100001, 1, 1.00, 'after the dump'); FLUSH BINARY LOGS;");
        await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_recovery_point_timestamp_seconds", Local) > at + 1,
            "the local recovery point advances");
        (_, api) = await exporter.GetAsync("/api/v1/status");
        Assert.True(Point(Set(api, "nightly"), "local").GetProperty("binlog_bytes").GetInt64() > 0, api); // the rows to replay

        // verify opens with the answer, for the server and for the set.
        var verify = await ExporterProcess.RunCliAsync("verify", "--config.file=" + config);
        Assert.Equal(1, verify.ExitCode); // WARNING: an rpo with no drill behind it
        Assert.Contains("no restore drill has passed: nothing proves the objectives (RPO 26 h) can be met", verify.Stdout);
        var lines = verify.Stdout.Split('\n');
        Assert.StartsWith("db: restorable now to ", lines[0], StringComparison.Ordinal);
        Assert.Contains("from nightly/shop-1.sql.gz + binlogs", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("nightly: restorable now to ", lines[1], StringComparison.Ordinal);
        Assert.Contains("from shop-1.sql.gz + binlogs, restore time unknown (no drill); proven none; RPO 26 h met", lines[1],
            StringComparison.Ordinal);

        // The binlog the dump starts from is purged: back to the dump's own point, and why.
        await PurgeAllButCurrentAsync();
        var fallen = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_pitr_ok", ("backup", "nightly")) == 0,
            "PITR lost after the purge");
        Assert.Equal(fallen.Value("mysql_backup_last_success_timestamp_seconds", ("backup", "nightly")),
            fallen.Value("mysql_backup_recovery_point_timestamp_seconds", Local));
        (_, api) = await exporter.GetAsync("/api/v1/status");
        local = Point(Set(api, "nightly"), "local");
        Assert.Equal("none", local.GetProperty("extension").GetString());
        Assert.Contains("is no longer retained", local.GetProperty("note").GetString());
    }

    private async Task PurgeAllButCurrentAsync()
    {
        await _server.ExecuteAsync("FLUSH BINARY LOGS; FLUSH BINARY LOGS;");
        // MariaDB keeps a binlog until its transactions are checkpointed for crash recovery: purge until it is done.
        for (var attempt = 0; (await BinlogNamesAsync()).Count > 1; attempt++)
        {
            Assert.True(attempt < 40, "PURGE BINARY LOGS kept the old binlogs for 20 s");
            await _server.ExecuteAsync($"PURGE BINARY LOGS TO '{(await BinlogNamesAsync())[^1]}'");
            await Task.Delay(500);
        }
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
    public async Task Without_binary_logs_the_local_point_is_the_dump_s_own_and_an_rpo_it_misses_is_critical()
    {
        await using var noBinlog = await MariaDbServer.StartOwnAsync("--skip-log-bin");
        await noBinlog.SeedShopAsync();
        var dumps = Dir("nobinlog");
        await DumpMaker.DumpAsync(noBinlog, Path.Combine(dumps, "shop.sql.gz"), masterData: false);
        var config = await ConfigBuilder.Fast()
            .Server(noBinlog)
            .Backup("nightly", SetKind.Mysqldump, dumps, b => b.Server("db").Set("rpo", "1s"))
            .WriteToAsync(Path.Combine(_root, "nobinlog.yml"));

        await Task.Delay(1500); // the dump's own point is older than the rpo of a second
        var (code, json, stderr) = await ExporterProcess.RunCliAsync("verify", "--config.file=" + config, "--output=json");

        Assert.True(code == 2, json + stderr); // CRITICAL: the objective is breached
        var set = Set(json, "nightly");
        var local = Point(set, "local");
        Assert.Equal("none", local.GetProperty("extension").GetString());
        Assert.Equal(local.GetProperty("artifact_time").GetString(), local.GetProperty("time").GetString());
        Assert.Contains("log_bin", local.GetProperty("note").GetString());
        Assert.Equal(["local"], set.GetProperty("recovery").GetProperty("rpo_breached").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains(set.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith("RPO 1 s breached (local)",
            StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_proven_point_follows_real_drills_and_a_failed_drill_of_a_newer_dump_leaves_the_previous_one()
    {
        var dumps = Dir("drilled");
        var state = Dir("state");
        await DumpMaker.DumpAsync(_server, Path.Combine(dumps, "shop-1.sql.gz"), modified: DateTimeOffset.UtcNow.AddHours(-3));
        var config = await new ConfigBuilder()
            .Backup("nightly", SetKind.Mysqldump, dumps, b => b.Set("rto", "1h").RestoreTest(r => r.Set("scratch_dir", Dir("scratch"))))
            .WriteToAsync(Path.Combine(_root, "drilled.yml"));
        var env = new Dictionary<string, string> { ["STATE_DIRECTORY"] = state };

        var before = await VerifyAsync(config, env);
        Assert.Equal("no restore drill has run", Point(before, "proven").GetProperty("note").GetString());

        var drill = await ProcessRunner.RunAsync("dotnet", [ExporterProcess.Dll, "drill", $"--config.file={config}", "--backup=nightly"],
            TimeSpan.FromMinutes(5), env);
        Assert.True(drill.ExitCode == 0, drill.Stdout + drill.Stderr);
        var proven = Point(await VerifyAsync(config, env), "proven");
        Assert.Equal("shop-1.sql.gz", proven.GetProperty("artifact").GetString());

        // A newer dump, complete and checksummed, that does not restore: its drill fails, the proven point stays.
        var broken = await DumpMaker.DumpAsync(_server, Path.Combine(dumps, "shop-2.sql"), DumpCompression.None,
            modified: DateTimeOffset.UtcNow.AddHours(-1));
        var text = await File.ReadAllTextAsync(broken);
        var at = text.IndexOf("\nUNLOCK TABLES;", StringComparison.Ordinal);
        await File.WriteAllTextAsync(broken, text.Insert(at, "\nINSERT INTO orders VALUES (1,;"));
        Damage.SetModified(broken, DateTimeOffset.UtcNow.AddHours(-1));
        DumpMaker.WriteSidecar(broken);
        drill = await ProcessRunner.RunAsync("dotnet", [ExporterProcess.Dll, "drill", $"--config.file={config}", "--backup=nightly"],
            TimeSpan.FromMinutes(5), env);
        Assert.True(drill.ExitCode == 2, drill.Stdout + drill.Stderr);

        var after = await VerifyAsync(config, env);
        Assert.Equal("shop-2.sql", Point(after, "local").GetProperty("artifact").GetString());
        proven = Point(after, "proven");
        Assert.Equal("shop-1.sql.gz", proven.GetProperty("artifact").GetString());
        Assert.Equal(proven.GetProperty("artifact_time").GetString(), proven.GetProperty("time").GetString());
    }

    private static async Task<JsonElement> VerifyAsync(string config, Dictionary<string, string> env)
    {
        var verify = await ProcessRunner.RunAsync("dotnet", [ExporterProcess.Dll, "verify", $"--config.file={config}", "--output=json"],
            TimeSpan.FromMinutes(2), env);
        Assert.True(verify.ExitCode is 0 or 1 or 2, verify.Stdout + verify.Stderr);
        return Set(verify.Stdout, "nightly");
    }

    [Fact]
    public async Task The_offsite_point_follows_the_copies_on_the_remote()
    {
        using var scene = new OffsiteScene();
        await DumpMaker.DumpAsync(_server, Path.Combine(scene.Local, "shop-1.sql.gz"), modified: DateTimeOffset.UtcNow.AddHours(-3));
        await DumpMaker.DumpAsync(_server, Path.Combine(scene.Local, "shop-2.sql.gz"), modified: DateTimeOffset.UtcNow.AddHours(-1));
        await scene.CopyAllAsync();
        var config = ConfigBuilder.Fast()
            .Backup("nightly", SetKind.Mysqldump, scene.Local, b => b.Offsite(o => o.Set("name", "mirror").Set("remote", scene.Remote)
                .Set("rclone_config", scene.ConfigFile).Set("timeout", "20s")))
            .WriteTo(Path.Combine(scene.Root, "config.yml"));

        var both = await ExporterProcess.RunCliAsync("verify", "--config.file=" + config, "--output=json");
        Assert.Equal("shop-2.sql.gz", Point(Set(both.Stdout, "nightly"), "offsite").GetProperty("artifact").GetString());

        // The newest copy is removed from the remote: what survives losing the host is the older one.
        File.Delete(scene.RemoteCopy("shop-2.sql.gz"));
        var one = await ExporterProcess.RunCliAsync("verify", "--config.file=" + config, "--output=json");
        var offsite = Point(Set(one.Stdout, "nightly"), "offsite");
        Assert.Equal("shop-1.sql.gz", offsite.GetProperty("artifact").GetString());
        Assert.Equal("none", offsite.GetProperty("extension").GetString());
        Assert.Equal("shop-2.sql.gz", Point(Set(one.Stdout, "nightly"), "local").GetProperty("artifact").GetString());
    }
}
