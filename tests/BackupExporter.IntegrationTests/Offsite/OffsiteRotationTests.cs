using System.Text.Json;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Offsite;

/// <summary>
/// The real exporter with a set that has <c>reverify</c> and a local-path remote with <c>verify: download</c>, read
/// through the real rclone: a remote copy replaced after its first download by other bytes of the same size and time is
/// caught within one period, and a restart remembers it and downloads nothing anew.
/// </summary>
public sealed class OffsiteRotationTests
{
    private const int PeriodSeconds = 10;

    private static string Dump(string dir, string name, TimeSpan age)
    {
        var path = Path.Combine(dir, name);
        var finished = DateTimeOffset.FromUnixTimeSeconds((DateTimeOffset.UtcNow - age).ToUnixTimeSeconds()).ToLocalTime();
        File.WriteAllText(path, "-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)\n"
            + $"INSERT INTO `orders` VALUES (1,'{name}');\n-- Dump completed on {finished:yyyy-MM-dd HH:mm:ss}\n");
        File.SetLastWriteTimeUtc(path, finished.UtcDateTime);
        return path;
    }

    /// <summary>Other bytes of the same size, with the modification time put back: the listing cannot tell.</summary>
    private static void ReplaceKeepingTime(string path)
    {
        var modified = File.GetLastWriteTimeUtc(path);
        File.WriteAllText(path, File.ReadAllText(path).Replace("VALUES (1,", "VALUES (7,", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(path, modified);
    }

    private static double Mismatched(PrometheusText m) =>
        m.Value("mysql_backup_offsite_mismatched_artifacts", ("backup", "shop"), ("remote", "mirror")) ?? -1;

    private static Dictionary<string, (string FirstRead, string LastRead)> Reads(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(file));
        return document.RootElement.GetProperty("objects").EnumerateObject().ToDictionary(o => o.Name,
            o => (o.Value.GetProperty("first_read").GetString()!, o.Value.GetProperty("last_read").GetString()!));
    }

    [Fact]
    public async Task A_remote_copy_replaced_after_its_first_download_is_caught_within_a_period_and_remembered_across_a_restart()
    {
        using var scene = new OffsiteScene();
        var state = Directory.CreateDirectory(Path.Combine(scene.Root, "state")).FullName;
        Dump(scene.Local, "shop-1.sql", TimeSpan.FromDays(2));
        Dump(scene.Local, "shop-2.sql", TimeSpan.FromDays(1));
        var mirror = Directory.CreateDirectory(Path.Combine(scene.Root, "mirror")).FullName;
        await ProcessRunner.CheckedAsync("rclone", "--config", "/dev/null", "copy", scene.Local, mirror);
        var config = await new ConfigBuilder()
            .Global(g => g.Interval("1s").SettleTime("0s"))
            .Backup("shop", SetKind.Mysqldump, scene.Local, b => b
                .Block("reverify", r => r.Set("period", $"{PeriodSeconds}s").Set("max_rate", "1MiB/s"))
                .Offsite(r => r.Set("name", "mirror").Set("remote", mirror).Set("interval", "1s").Set("verify", "download")))
            .WriteToAsync(Path.Combine(scene.Root, "config.yml"));
        var readsFile = Path.Combine(state, "offsite", "shop", "mirror.json");

        Dictionary<string, (string FirstRead, string LastRead)> before;
        await using (var exporter = await ExporterProcess.StartWithStateAsync(config, state))
        {
            await exporter.ScrapeUntilAsync(m => m.Value("mysql_backup_offsite_up", ("backup", "shop"), ("remote", "mirror")) == 1
                && File.Exists(readsFile) && Reads(readsFile).Count == 2, "both copies downloaded", seconds: 60);
            Assert.Equal(0, Mismatched(await exporter.ScrapeAsync()));
            ReplaceKeepingTime(Path.Combine(mirror, "shop-1.sql"));
            var replaced = DateTime.UtcNow;

            await exporter.ScrapeUntilAsync(m => Mismatched(m) == 1, "the replaced copy caught", seconds: 2 * PeriodSeconds + 10);
            Assert.InRange((DateTime.UtcNow - replaced).TotalSeconds, 0, PeriodSeconds + 5);
            var (_, json) = await exporter.GetAsync("/api/v1/status");
            var remote = JsonDocument.Parse(json).RootElement.GetProperty("backups")[0].GetProperty("offsite")[0];
            var detail = Assert.Single(remote.GetProperty("mismatched").EnumerateArray()).GetProperty("detail").GetString()!;
            Assert.Matches(@"^shop-1\.sql: the remote copy changed after it was verified: downloaded on \S+ \S+ UTC with sha256 "
                + "[0-9a-f]{64} \\(as the local file\\), downloaded again on \\S+ \\S+ UTC with sha256 [0-9a-f]{64}$", detail);
            before = Reads(readsFile);
        }

        await using (var restarted = await ExporterProcess.StartWithStateAsync(config, state))
        {
            // Remembered at the first round, before any copy is due again; and nothing was downloaded as new.
            var first = await restarted.ScrapeUntilAsync(m =>
                m.Value("mysql_backup_offsite_up", ("backup", "shop"), ("remote", "mirror")) == 1, "the remote listed", seconds: 60);
            Assert.Equal(1, Mismatched(first));
            var after = Reads(readsFile);
            Assert.Equal(before.Select(r => (r.Key, r.Value.FirstRead)), after.Select(r => (r.Key, r.Value.FirstRead)));
        }
    }
}
