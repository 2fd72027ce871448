using System.Text.Json;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Verdicts;

/// <summary>
/// Every verdict on dumps made by the real mariadb-dump, then damaged: asserted through the /metrics of a running
/// exporter and through <c>verify --output=json</c> and its exit code.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class DumpVerdictTests : BackupDirectoryTest
{
    private readonly DateTimeOffset _yesterday = DateTimeOffset.UtcNow.AddDays(-1);
    private readonly DateTimeOffset _anHourAgo = DateTimeOffset.UtcNow.AddHours(-1);

    public DumpVerdictTests(SharedMariaDb db)
        : base(db)
    {
    }

    /// <summary>A good older dump and a newest one that <paramref name="damage"/> breaks.</summary>
    private async Task<string> SetWithNewestAsync(string name, string extension, DumpCompression compression, Action<string>? damage = null)
    {
        var dir = Dir(name);
        await DumpMaker.DumpAsync(Server, Path.Combine(dir, "shop-1" + extension), compression, modified: _yesterday);
        var newest = await DumpMaker.DumpAsync(Server, Path.Combine(dir, "shop-2" + extension), compression, modified: _anHourAgo);
        damage?.Invoke(newest);
        return dir;
    }

    private static double? Check(PrometheusText m, string set, string check) =>
        m.Value("mysql_backup_check_ok", ("backup", set), ("check", check));

    [Fact]
    public async Task Good_and_damaged_dumps_get_the_right_verdict()
    {
        var sets = new List<(string, string, Action<BackupEntry>?)>
        {
            ("plain", await SetWithNewestAsync("plain", ".sql", DumpCompression.None), b => b.Checksum("sha256")),
            ("gzip", await SetWithNewestAsync("gzip", ".sql.gz", DumpCompression.Gzip), b => b.Checksum("sha256")),
            ("zstd", await SetWithNewestAsync("zstd", ".sql.zst", DumpCompression.Zstd), b => b.Checksum("sha256")),
            // Sidecars rewritten after the damage: only the content checks may fail, not the checksum.
            ("gzip-cut-early", await SetWithNewestAsync("gzip-cut-early", ".sql.gz", DumpCompression.Gzip,
                p => { Damage.Truncate(p, 100); DumpMaker.WriteSidecar(p); }), b => b.Checksum("sha256")),
            ("gzip-cut-half", await SetWithNewestAsync("gzip-cut-half", ".sql.gz", DumpCompression.Gzip,
                p => { Damage.TruncateFraction(p, 0.5); DumpMaker.WriteSidecar(p); }), b => b.Checksum("sha256")),
            ("gzip-no-trailer", await SetWithNewestAsync("gzip-no-trailer", ".sql.gz", DumpCompression.Gzip,
                p => { Damage.Truncate(p, new FileInfo(p).Length - 8); DumpMaker.WriteSidecar(p); }), b => b.Checksum("sha256")),
            ("zstd-cut", await SetWithNewestAsync("zstd-cut", ".sql.zst", DumpCompression.Zstd,
                p => { Damage.TruncateFraction(p, 0.7); DumpMaker.WriteSidecar(p); }), b => b.Checksum("sha256")),
            ("plain-cut", await SetWithNewestAsync("plain-cut", ".sql", DumpCompression.None,
                p => { Damage.TruncateFraction(p, 0.9); DumpMaker.WriteSidecar(p); }), b => b.Checksum("sha256")),
            ("gzip-flipped", await SetWithNewestAsync("gzip-flipped", ".sql.gz", DumpCompression.Gzip,
                p => { Damage.FlipByte(p, new FileInfo(p).Length / 2); DumpMaker.WriteSidecar(p); }), b => b.Checksum("sha256")),
            ("wrong-sidecar", await SetWithNewestAsync("wrong-sidecar", ".sql.gz", DumpCompression.Gzip, Damage.WriteWrongSidecar),
                b => b.Checksum("auto")),
            ("missing-sidecar", await SetWithNewestAsync("missing-sidecar", ".sql.gz", DumpCompression.Gzip, Damage.RemoveSidecar),
                b => b.Checksum("sha256")),
            ("missing-sidecar-auto", await SetWithNewestAsync("missing-sidecar-auto", ".sql.gz", DumpCompression.Gzip,
                Damage.RemoveSidecar), b => b.Checksum("auto")),
            ("empty", await SetWithNewestAsync("empty", ".sql.gz", DumpCompression.Gzip,
                p => { Damage.Truncate(p, 0); Damage.RemoveSidecar(p); }), b => b.Checksum("auto")),
            ("shrunk", await SetWithNewestAsync("shrunk", ".sql.gz", DumpCompression.Gzip), b => b.MaxShrink("1%").MinSize("1KiB")),
        };
        // The newest of "shrunk" is a smaller, complete dump of one table: it must fail `size` only.
        var shrunk = Path.Combine(Root, "shrunk", "shop-2.sql.gz");
        await DumpMaker.DumpAsync(Server, shrunk, databases: "shop customers", modified: _anHourAgo);
        var config = TestConfig.Write(Path.Combine(Root, "config.yml"), sets);

        await using var exporter = await ExporterProcess.StartAsync(config);
        var m = await exporter.ScrapeAsync();

        foreach (var healthy in new[] { "plain", "gzip", "zstd", "missing-sidecar-auto" })
        {
            foreach (var check in new[] { "complete", "compression", "checksum", "size" })
                Assert.True(Check(m, healthy, check) == 1, $"{healthy}: {check} should pass");
            Assert.Equal(2, m.Value("mysql_backup_artifacts", ("backup", healthy), ("status", "ok")));
            Assert.True(m.Value("mysql_backup_last_success_timestamp_seconds", ("backup", healthy)) >= _anHourAgo.ToUnixTimeSeconds() - 1);
        }

        foreach (var cut in new[] { "gzip-cut-early", "gzip-cut-half", "gzip-no-trailer", "zstd-cut", "gzip-flipped" })
        {
            Assert.True(Check(m, cut, "compression") == 0, $"{cut}: compression should fail");
            // Content of a damaged stream proves nothing, even a footer inflated before the damage was found.
            Assert.True(Check(m, cut, "complete") == 0, $"{cut}: complete should fail");
            Assert.True(Check(m, cut, "checksum") == 1, $"{cut}: checksum matches the rewritten sidecar");
            Assert.Equal(1, m.Value("mysql_backup_artifacts", ("backup", cut), ("status", "failed")));
            // The older good dump is still the last success, dated by its footer (to the second, taken under faketime).
            Assert.InRange(m.Value("mysql_backup_last_success_timestamp_seconds", ("backup", cut))!.Value,
                _yesterday.ToUnixTimeSeconds(), _yesterday.ToUnixTimeSeconds() + 3);
        }
        Assert.Equal(0, Check(m, "plain-cut", "complete"));
        Assert.Equal(1, Check(m, "plain-cut", "compression"));
        Assert.Equal((0, 1), (Check(m, "wrong-sidecar", "checksum"), Check(m, "wrong-sidecar", "complete")));
        Assert.Equal((0, 1), (Check(m, "missing-sidecar", "checksum"), Check(m, "missing-sidecar", "complete")));
        Assert.Equal(0, Check(m, "empty", "complete"));
        Assert.Equal((0, 1, 1), (Check(m, "shrunk", "size"), Check(m, "shrunk", "complete"), Check(m, "shrunk", "compression")));

        // The same verdicts from the command line, with the Nagios exit code of the worst set.
        var all = await ExporterProcess.RunCliAsync("verify", "--config.file=" + config, "--output=json");
        Assert.Equal(2, all.ExitCode);
        using var json = JsonDocument.Parse(all.Stdout);
        var verdicts = json.RootElement.GetProperty("backups").EnumerateArray()
            .ToDictionary(b => b.GetProperty("name").GetString()!, b => b.GetProperty("severity").GetString());
        Assert.Equal("ok", verdicts["gzip"]);
        Assert.Equal("critical", verdicts["gzip-cut-half"]);
        Assert.Equal("critical", verdicts["wrong-sidecar"]);
        Assert.Equal("critical", verdicts["shrunk"]);
        var cutHalf = json.RootElement.GetProperty("backups").EnumerateArray().Single(b => b.GetProperty("name")
            .GetString() == "gzip-cut-half");
        Assert.Contains("truncated", cutHalf.GetProperty("newest_finished").GetProperty("checks").GetProperty("compression")
            .GetProperty("detail").GetString());
        Assert.StartsWith("mysql-bin.", cutHalf.GetProperty("last_success").GetProperty("binlog_file").GetString());

        var good = await ExporterProcess.RunCliAsync("verify", "--config.file=" + config, "--backup=gzip",
            "--backup=zstd", "--output=json");
        Assert.Equal(0, good.ExitCode);
        var nagios = await ExporterProcess.RunCliAsync("verify", "--config.file=" + config, "--backup=wrong-sidecar", "--output=nagios");
        Assert.Equal(2, nagios.ExitCode);
        Assert.StartsWith("BACKUP CRITICAL - 1 critical; wrong-sidecar: newest artifact shop-2.sql.gz failed checksum: "
            + "sha256 mismatch", nagios.Stdout);
        Assert.Contains("| 'wrong-sidecar_age'=", nagios.Stdout);
    }

    [Fact]
    public async Task A_growing_dump_is_in_progress_and_a_change_on_disk_shows_within_an_interval()
    {
        var dir = Dir("live");
        await DumpMaker.DumpAsync(Server, Path.Combine(dir, "shop-1.sql.gz"), modified: _yesterday);
        var config = TestConfig.Write(Path.Combine(Root, "live.yml"), [("live", dir, b => b.Checksum("sha256"))]);
        await using var exporter = await ExporterProcess.StartAsync(config);

        await using (new GrowingFile(Path.Combine(dir, "shop-2.sql")))
        {
            var m = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_running", ("backup", "live")) == 1,
                "the growing dump is seen");
            Assert.Equal(1, m.Value("mysql_backup_artifacts", ("backup", "live"), ("status", "in_progress")));
            Assert.Equal(0, m.Value("mysql_backup_artifacts", ("backup", "live"), ("status", "failed")));
            Assert.Equal(1, Check(m, "live", "complete")); // the checks are still those of the newest finished dump
        }

        // It stopped growing without a footer: a cut-off dump, failed once it is seen unchanged.
        var failed = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_artifacts", ("backup", "live"), ("status", "failed")) == 1,
            "the stalled dump fails");
        Assert.Equal(0, failed.Value("mysql_backup_running", ("backup", "live")));
        Assert.Equal(0, Check(failed, "live", "complete"));

        // Retention removes it: the set is healthy again at the next inspection.
        File.Delete(Path.Combine(dir, "shop-2.sql"));
        var healthy = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_artifacts", ("backup", "live"), ("status", "failed")) == 0,
            "the deleted dump disappears");
        Assert.Equal(1, Check(healthy, "live", "complete"));
        Assert.Equal(1, healthy.Value("mysql_backup_artifacts", ("backup", "live"), ("status", "ok")));
    }

    [Fact]
    public async Task Re_inspection_of_unchanged_dumps_reads_nothing()
    {
        var dir = Dir("steady");
        await DumpMaker.DumpAsync(Server, Path.Combine(dir, "shop-1.sql.gz"), modified: _yesterday);
        var config = TestConfig.Write(Path.Combine(Root, "steady.yml"), [("steady", dir, null)]);
        await using var exporter = await ExporterProcess.StartAsync(config);

        var first = await exporter.ScrapeAsync();
        var firstRound = first.Value("mysql_backup_exporter_inspection_last_success_timestamp_seconds", ("inspection", "backup:steady"));
        var later = await exporter.ScrapeUntilAsync(s =>
            s.Value("mysql_backup_exporter_inspection_last_success_timestamp_seconds", ("inspection", "backup:steady")) >= firstRound + 3,
            "three more rounds ran (interval 1s)");

        Assert.Equal(new FileInfo(Path.Combine(dir, "shop-1.sql.gz")).Length, first.Value("mysql_backup_exporter_hashed_bytes_total"));
        Assert.Equal(first.Value("mysql_backup_exporter_hashed_bytes_total"), later.Value("mysql_backup_exporter_hashed_bytes_total"));
    }
}
