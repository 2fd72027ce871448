using System.Text.Json;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Retention;

/// <summary>
/// The retention promise and removals on real dumps: each made by the real mariadb-dump under faketime at a past day, so
/// that its own footer records that day, with the file time set to the same moment (PastDump); failures are real dumps
/// cut short. Asserted through the /metrics of a running exporter, /api/v1/status and <c>verify</c>.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class RetentionPromiseTests : BackupDirectoryTest
{
    // Daily at midnight UTC with five minutes' grace: the window's last day is the day of the latest such deadline.
    private static readonly DateTime LastDueDay = (DateTime.UtcNow - TimeSpan.FromMinutes(6)).Date;

    public RetentionPromiseTests(SharedMariaDb db)
        : base(db)
    {
    }

    /// <summary>The dump of <paramref name="daysAgo"/> days before the last due day, a minute into that day.</summary>
    private static DateTimeOffset Night(int daysAgo) => new DateTimeOffset(LastDueDay, TimeSpan.Zero).AddDays(-daysAgo).AddMinutes(1);

    private async Task<string> NightlyAsync(string dir, int daysAgo) =>
        await PastDump.DumpAsync(Server, Path.Combine(dir, $"shop-{Night(daysAgo):yyyy-MM-dd}.sql.gz"), Night(daysAgo));

    private static Action<BackupEntry> Promise(string window, int minGood = 0) => b => b
        .Schedule("0 0 * * *", grace: "5m")
        .Timezone("UTC")
        .Retention(r => r.Set("window", window).Set("min_good", minGood));

    [Fact]
    public async Task Seven_days_of_which_two_failed_break_a_seven_day_promise_at_the_older_failed_day()
    {
        var dir = Dir("thinned");
        for (var ago = 6; ago >= 0; ago--)
        {
            var dump = await NightlyAsync(dir, ago);
            if (ago is 2 or 4)
                Damage.TruncateFraction(dump, 0.5); // the job died half-way on those nights
        }
        var kept = Dir("kept");
        for (var ago = 6; ago >= 0; ago--)
            await NightlyAsync(kept, ago);
        var config = ConfigBuilder.Fast()
            .Backup("thinned", SetKind.Mysqldump, dir, Promise("7d", minGood: 7))
            .Backup("kept", SetKind.Mysqldump, kept, Promise("7d", minGood: 7))
            .WriteTo(Path.Combine(Root, "config.yml"));

        await using (var exporter = await ExporterProcess.StartWithStateAsync(config, Dir("state")))
        {
            var m = await exporter.ScrapeAsync();
            Assert.Equal(0, m.Value("mysql_backup_retention_ok", ("backup", "thinned")));
            Assert.Equal(5, m.Value("mysql_backup_retention_restorable_days", ("backup", "thinned")));
            Assert.Equal(Night(4).AddMinutes(-1).ToUnixTimeSeconds(),
                m.Value("mysql_backup_retention_first_missing_day_timestamp_seconds", ("backup", "thinned")));
            Assert.Equal(1, m.Value("mysql_backup_retention_ok", ("backup", "kept")));
            Assert.Equal(7, m.Value("mysql_backup_retention_restorable_days", ("backup", "kept")));
            Assert.Equal(0, m.Value("mysql_backup_retention_first_missing_day_timestamp_seconds", ("backup", "kept")));

            var page = (await exporter.GetAsync("/")).Body;
            Assert.Contains($"retention: 5 of 7 days restorable, 5 good artifacts (at least 7 promised), first missing day "
                + $"{Night(4):yyyy-MM-dd}", page, StringComparison.Ordinal);
            Assert.Contains("retention: 7 of 7 days restorable, 7 good artifacts (at least 7 promised)", page, StringComparison.Ordinal);
        }

        var verify = await ExporterProcess.RunCliAsync("verify", "--config.file=" + config, "--backup=thinned");
        Assert.Contains("retention promise broken: 5 of 7 days restorable", verify.Stdout, StringComparison.Ordinal);
        var json = await ExporterProcess.RunCliAsync("verify", "--config.file=" + config, "--backup=thinned", "--output=json");
        using var doc = JsonDocument.Parse(json.Stdout);
        var retention = doc.RootElement.GetProperty("backups")[0].GetProperty("retention");
        Assert.False(retention.GetProperty("holds").GetBoolean());
        Assert.Equal(5, retention.GetProperty("restorable_days").GetInt32());
        Assert.Equal(Night(4).AddMinutes(-1), retention.GetProperty("first_missing_day").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_dump_deleted_inside_the_window_was_removed_too_early_one_outside_says_nothing_and_a_restart_forgets_neither()
    {
        var dir = Dir("pruned");
        for (var ago = 5; ago >= 0; ago--)
            await NightlyAsync(dir, ago);
        var log = Path.Combine(Dir("logs"), "pruned.log");
        var config = ConfigBuilder.Fast()
            .Backup("pruned", SetKind.Mysqldump, dir, b => { Promise("3d")(b); b.Log(log); })
            .WriteTo(Path.Combine(Root, "config.yml"));
        var state = Dir("state");
        string Named(int ago) => Path.Combine(dir, $"shop-{Night(ago):yyyy-MM-dd}.sql.gz");

        double lastSeen;
        await using (var exporter = await ExporterProcess.StartWithStateAsync(config, state))
        {
            var m = await exporter.ScrapeAsync();
            Assert.Equal(6, m.Value("mysql_backup_artifacts", ("backup", "pruned"), ("status", "ok")));
            Assert.Equal(0, m.Value("mysql_backup_removed_too_early_artifacts", ("backup", "pruned")));
            lastSeen = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

            // A cleanup step of the job, with the real rm -v writing what it removed into the job's log.
            await ProcessRunner.ShellAsync($"LC_ALL=C rm -v {ProcessRunner.Quote(Named(4))} {ProcessRunner.Quote(Named(1))} "
                + $">> {ProcessRunner.Quote(log)}"); // the first outside the 3-day window (allowed), the second inside it
            m = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_artifacts", ("backup", "pruned"), ("status", "ok")) == 4,
                "the two removals seen");
            Assert.Equal(1, m.Value("mysql_backup_removed_too_early_artifacts", ("backup", "pruned")));
            Assert.Equal(2, m.Value("mysql_backup_retention_restorable_days", ("backup", "pruned")));

            // The job log is read on its own round: the line that names the removal may come a round after the removal.
            JsonElement removed = default;
            for (var until = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < until; await Task.Delay(250))
            {
                using var status = JsonDocument.Parse((await exporter.GetAsync("/api/v1/status")).Body);
                removed = Assert.Single(status.RootElement.GetProperty("backups")[0].GetProperty("removed_too_early").EnumerateArray())
                    .Clone();
                if (removed.GetProperty("removed_by").ValueKind == JsonValueKind.String)
                    break;
            }
            Assert.Equal(Path.GetFileName(Named(1)), removed.GetProperty("name").GetString());
            Assert.Equal(Night(1), removed.GetProperty("time").GetDateTimeOffset());
            Assert.Equal($"{log}: removed '{Named(1)}'", removed.GetProperty("removed_by").GetString());
            Assert.InRange(removed.GetProperty("last_seen").GetDateTimeOffset().ToUnixTimeSeconds(), lastSeen - 5,
                removed.GetProperty("gone_at").GetDateTimeOffset().ToUnixTimeSeconds());
        }

        // Stopped: another dump inside the window goes. The next start reads what was seen from the state directory.
        Assert.True(File.Exists(Path.Combine(state, "seen", "pruned.json")));
        File.Delete(Named(2));
        await using (var exporter = await ExporterProcess.StartWithStateAsync(config, state))
        {
            var m = await exporter.ScrapeAsync();
            Assert.Equal(3, m.Value("mysql_backup_artifacts", ("backup", "pruned"), ("status", "ok")));
            Assert.Equal(2, m.Value("mysql_backup_removed_too_early_artifacts", ("backup", "pruned")));
            Assert.Equal(0, m.Value("mysql_backup_retention_ok", ("backup", "pruned")));
            var page = (await exporter.GetAsync("/")).Body;
            Assert.Contains($"{Path.GetFileName(Named(2))} ({Night(2):u}) was removed too early", page, StringComparison.Ordinal);
        }
    }
}
