using System.Text.Json;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Offsite;

/// <summary>
/// The real exporter with three remotes of one set: a local-path mirror that lacks the newest dump (behind, lag grows
/// at scrape time), a crypt remote over WebDAV with basic auth holding both (in sync, compared by size only, said on
/// the status page), and a WebDAV remote with a wrong password (unreachable, with rclone's reason and no secret).
/// </summary>
public sealed class OffsiteExporterTests
{
    private static string Dump(string dir, string name, TimeSpan age)
    {
        var path = Path.Combine(dir, name);
        // Its footer and its file agree, to the second the footer has, as for a dump just written.
        var finished = DateTimeOffset.FromUnixTimeSeconds((DateTimeOffset.UtcNow - age).ToUnixTimeSeconds()).ToLocalTime();
        File.WriteAllText(path, "-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)\n"
            + $"INSERT INTO `orders` VALUES (1,'{name}');\n-- Dump completed on {finished:yyyy-MM-dd HH:mm:ss}\n");
        File.SetLastWriteTimeUtc(path, finished.UtcDateTime);
        return path;
    }

    [Fact]
    public async Task Metrics_status_page_and_api_show_each_remote_and_the_lag_grows_at_scrape_time()
    {
        using var scene = new OffsiteScene();
        Dump(scene.Local, "shop-1.sql", TimeSpan.FromDays(1));
        var mirror = Directory.CreateDirectory(Path.Combine(scene.Root, "mirror")).FullName;
        await ProcessRunner.CheckedAsync("rclone", "--config", "/dev/null", "copy", scene.Local, mirror);
        var newest = Dump(scene.Local, "shop-2.sql", TimeSpan.FromHours(1));
        await using var dav = await RcloneServer.StartAsync("webdav", scene.Remote);
        scene.AddSection(await dav.SectionAsync("dav"));
        scene.AddSection(await dav.SectionAsync("baddav", password: "Wr0ng-dav-pass"));
        scene.AddSection($"[vault]\ntype = crypt\nremote = dav:enc\npassword = {await RcloneServer.ObscureAsync("crypt-key-1")}\n");
        await ProcessRunner.CheckedAsync("rclone", "--config", scene.ConfigFile, "copy", scene.Local, "vault:");
        var config = await new ConfigBuilder()
            .Global(g => g.Interval("1s").SettleTime("0s"))
            .Backup("shop", SetKind.Mysqldump, scene.Local, b => b
                .Offsite(r => r.Set("name", "mirror").Set("remote", mirror).Set("interval", "1s").Set("max_lag", "30m"))
                .Offsite(r => r.Set("name", "vault").Set("remote", "vault:").Set("rclone_config", scene.ConfigFile)
                    .Set("interval", "1s").Set("verify", "hash"))
                .Offsite(r => r.Set("name", "bad").Set("remote", "baddav:").Set("rclone_config", scene.ConfigFile)
                    .Set("interval", "1s").Set("timeout", "20s")))
            .WriteToAsync(Path.Combine(scene.Root, "config.yml"));

        await using var exporter = await ExporterProcess.StartAsync(config);
        var first = await exporter.ScrapeUntilAsync(m =>
            m.Value("mysql_backup_offsite_up", ("backup", "shop"), ("remote", "mirror")) == 1
            && m.Value("mysql_backup_offsite_up", ("backup", "shop"), ("remote", "vault")) == 1
            && m.Value("mysql_backup_offsite_up", ("backup", "shop"), ("remote", "bad")) == 0
            && m.Value("mysql_backup_offsite_objects", ("backup", "shop"), ("remote", "mirror")) == 1,
            "every remote listed", seconds: 60);
        await Task.Delay(1100); // the clock must move for a lag computed at scrape time to move
        var second = await exporter.ScrapeAsync();

        double V(PrometheusText m, string name, string remote) => m.Value(name, ("backup", "shop"), ("remote", remote))!.Value;
        var newestEnd = new DateTimeOffset(File.GetLastWriteTimeUtc(newest)).ToUnixTimeMilliseconds() / 1000.0;
        Assert.InRange(V(first, "mysql_backup_offsite_lag_seconds", "mirror"), 3590, 3700);
        Assert.True(V(second, "mysql_backup_offsite_lag_seconds", "mirror") > V(first, "mysql_backup_offsite_lag_seconds", "mirror"));
        Assert.Equal(1800, V(first, "mysql_backup_offsite_max_lag_seconds", "mirror"));
        Assert.Equal(1, V(first, "mysql_backup_offsite_missing_artifacts", "mirror")); // an hour old, max_lag 30m
        Assert.Equal(0, V(first, "mysql_backup_offsite_lag_seconds", "vault"));
        Assert.Equal(newestEnd, V(first, "mysql_backup_offsite_last_copy_timestamp_seconds", "vault"), 3);
        Assert.Equal(2, V(first, "mysql_backup_offsite_objects", "vault"));
        Assert.Equal(1, first.Value("mysql_backup_exporter_inspection_success", ("inspection", "offsite:shop:bad")));

        var (status, json) = await exporter.GetAsync("/api/v1/status");
        Assert.Equal(200, status);
        var set = JsonDocument.Parse(json).RootElement.GetProperty("backups")[0];
        Assert.Equal("critical", set.GetProperty("severity").GetString());
        var remotes = set.GetProperty("offsite").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal("shop-2.sql", remotes["mirror"].GetProperty("missing")[0].GetProperty("name").GetString());
        Assert.Equal("size", remotes["vault"].GetProperty("verified_by").GetString());
        Assert.Contains("compared by size only", remotes["vault"].GetProperty("verify_note").GetString(), StringComparison.Ordinal);
        Assert.False(remotes["bad"].GetProperty("up").GetBoolean());
        Assert.Contains("401 Unauthorized", remotes["bad"].GetProperty("error").GetString(), StringComparison.Ordinal);
        var reasons = set.GetProperty("reasons").EnumerateArray().Select(r => r.ValueKind == JsonValueKind.String ? r.GetString()!
            : r.GetProperty("text").GetString()!).ToList();
        Assert.Contains(reasons, r => r.StartsWith("off-site remote mirror is behind by 1h", StringComparison.Ordinal)
            && r.Contains("shop-2.sql is not there", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("off-site remote bad cannot be listed: rclone lsjson failed (exit 1",
            StringComparison.Ordinal));

        var (_, page) = await exporter.GetAsync("/");
        Assert.Contains("<h2>Off-site copies</h2>", page, StringComparison.Ordinal);
        Assert.Contains("id=\"offsite-shop-vault\"", page, StringComparison.Ordinal);
        Assert.Contains("compared by size only", page, StringComparison.Ordinal);
        Assert.Contains("BEHIND", page, StringComparison.Ordinal);
        Assert.Contains("UNREACHABLE", page, StringComparison.Ordinal);

        // No credential anywhere the exporter shows or logs: neither the password nor its obscured form.
        var stored = File.ReadAllLines(scene.ConfigFile).Where(l => l.StartsWith("pass", StringComparison.Ordinal))
            .Select(l => l.Split(" = ")[1]).ToList();
        Assert.Equal(3, stored.Count); // the two WebDAV passwords and the crypt key, obscured as rclone stores them
        foreach (var text in new[] { json, page, await exporter.GetMetricsAsync(), exporter.Output })
        {
            Assert.All(stored, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
            Assert.DoesNotContain("Wr0ng-dav-pass", text, StringComparison.Ordinal);
            Assert.DoesNotContain(RcloneServer.Password, text, StringComparison.Ordinal);
        }
    }
}
