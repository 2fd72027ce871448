using System.Text.Json;
using BackupExporter.Inspection.Drills;
using BackupExporter.IntegrationTests.Fixtures;
using BackupExporter.Platform;

namespace BackupExporter.IntegrationTests.Drills;

/// <summary>
/// Drill results live in the state directory, written by the drill command (here: its own <see cref="DrillHistoryStore"/>,
/// exactly what <c>backup-exporter drill</c> calls), so the real exporter shows them again after a restart, sees a new
/// drill while it runs, and names a history file it cannot read without losing the last result.
/// </summary>
public sealed class DrillRestartTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("backup-exporter-drills-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string State => Path.Combine(_root, "state");

    private DrillHistoryStore Store => new(Path.Combine(State, "drills"), StateAccess.OwnerOnly);

    private static DrillRecord Drill(DrillVerdict verdict, DateTimeOffset started, double total, string? error = null) => new(
        "shop", "mysqldump", verdict, error, verdict == DrillVerdict.Failed ? DrillPhases.Restore : null, "/backups/shop/shop-1.sql.gz",
        started.AddHours(-3), started, started.AddSeconds(total),
        verdict == DrillVerdict.Ok
            ? new Dictionary<string, double> { [DrillPhases.Fetch] = 1, [DrillPhases.Restore] = total - 3, [DrillPhases.Verify] = 2,
                [DrillPhases.Total] = total }
            : new Dictionary<string, double> { [DrillPhases.Fetch] = 1, [DrillPhases.Total] = total },
        verdict == DrillVerdict.Ok ? 1_048_576 : 0,
        verdict == DrillVerdict.Ok ? [new DrillSchemaCount("shop", 4, 1500)] : [], []);

    private async Task<string> ConfigAsync()
    {
        var backups = Directory.CreateDirectory(Path.Combine(_root, "backups")).FullName;
        var config = Path.Combine(_root, "config.yml");
        return await new ConfigBuilder()
            .Global(g => g.Interval("1s").StateFile($"{State}/offsets.json"))
            .Backup("shop", SetKind.Mysqldump, backups)
            .WriteToAsync(config);
    }

    private static double Seconds(DateTimeOffset t) => t.ToUnixTimeMilliseconds() / 1000.0;

    [Fact]
    public async Task The_exporter_restarted_between_drills_keeps_every_result()
    {
        var config = await ConfigAsync();
        var day1 = DateTimeOffset.UtcNow.AddDays(-2);
        var good = Drill(DrillVerdict.Ok, day1, 300);
        Assert.Null(Store.Record(good));

        await using (var exporter = await ExporterProcess.StartWithStateAsync(config, State))
        {
            var m = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_restore_test_ok", ("backup", "shop")) == 1,
                "the first drill is exported");
            Assert.Equal(Seconds(good.EndedAt), m.Value("mysql_backup_restore_test_last_success_timestamp_seconds", ("backup", "shop")));
            Assert.Equal(300, m.Value("mysql_backup_restore_test_duration_seconds", ("backup", "shop"), ("phase", "total")));
            Assert.Equal(1500, m.Value("mysql_backup_restore_test_rows", ("backup", "shop")));
        }

        // A drill while the exporter is down: the next exporter shows it, and the success before it.
        var failed = Drill(DrillVerdict.Failed, day1.AddDays(1), 40, "ERROR 1064 (42000) at line 3074: You have an "
            + "error in your SQL syntax");
        Assert.Null(Store.Record(failed));
        await using (var exporter = await ExporterProcess.StartWithStateAsync(config, State))
        {
            var m = await exporter.ScrapeAsync(); // ready: the first round, drills included, is in the snapshot
            Assert.Equal(0, m.Value("mysql_backup_restore_test_ok", ("backup", "shop")));
            Assert.Equal(Seconds(failed.EndedAt), m.Value("mysql_backup_restore_test_last_run_timestamp_seconds", ("backup", "shop")));
            Assert.Equal(Seconds(good.EndedAt), m.Value("mysql_backup_restore_test_last_success_timestamp_seconds", ("backup", "shop")));
            Assert.Null(m.Value("mysql_backup_restore_test_rows", ("backup", "shop")));

            using var status = JsonDocument.Parse((await exporter.GetAsync("/api/v1/status")).Body);
            var set = status.RootElement.GetProperty("backups")[0];
            Assert.Equal("critical", set.GetProperty("severity").GetString());
            Assert.Contains(set.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("restore drill failed in its "
                + "restore phase", StringComparison.Ordinal)
                && r.GetString()!.Contains("ERROR 1064 (42000) at line 3074", StringComparison.Ordinal));
            Assert.Equal(["failed", "ok"], set.GetProperty("drill").GetProperty("recent").EnumerateArray()
                .Select(o => o.GetProperty("verdict").GetString()));

            // A drill while it runs is seen without a restart.
            var again = Drill(DrillVerdict.Ok, day1.AddDays(1).AddHours(2), 280);
            Assert.Null(Store.Record(again));
            m = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_restore_test_ok", ("backup", "shop")) == 1,
                "the new drill is exported");
            Assert.Equal(Seconds(again.EndedAt), m.Value("mysql_backup_restore_test_last_success_timestamp_seconds", ("backup", "shop")));

            // A history file broken by hand: a warning naming it, and the last result stays.
            await File.WriteAllTextAsync(Store.PathOf("shop"), "{\"version\": 1, \"newest\": ");
            await WaitForAsync(async () => (await exporter.GetAsync("/api/v1/status")).Body.Contains("cannot read drill history",
                StringComparison.Ordinal), exporter);
            using var broken = JsonDocument.Parse((await exporter.GetAsync("/api/v1/status")).Body);
            var reasons = broken.RootElement.GetProperty("backups")[0].GetProperty("reasons").EnumerateArray()
                .Select(r => r.GetString()!).ToList();
            Assert.Contains(reasons, r => r.StartsWith($"cannot read drill history {Store.PathOf("shop")}: not valid JSON",
                StringComparison.Ordinal));
            Assert.Equal(1, (await exporter.ScrapeAsync()).Value("mysql_backup_restore_test_ok", ("backup", "shop")));
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, ExporterProcess exporter)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
                throw new TimeoutException("the exporter never named the broken history file\n" + exporter.Output);
            await Task.Delay(200);
        }
    }
}
