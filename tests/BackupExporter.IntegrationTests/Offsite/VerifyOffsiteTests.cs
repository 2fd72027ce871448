using System.Text.Json;
using System.Text.RegularExpressions;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Offsite;

/// <summary>
/// <c>verify</c> inspects a set's off-site copies as the running exporter does, with the real rclone: a copy missing
/// on the remote is the same verdict on the command line as on the status page, with the Nagios exit code of its
/// severity; once the copy is there, the same command exits 0; a remote that cannot be listed is a warning.
/// </summary>
public sealed class VerifyOffsiteTests
{
    private static void Dump(string dir, string name, TimeSpan age)
    {
        var path = Path.Combine(dir, name);
        // Its footer and its file agree, to the second the footer has, as for a dump just written.
        var finished = DateTimeOffset.FromUnixTimeSeconds((DateTimeOffset.UtcNow - age).ToUnixTimeSeconds()).ToLocalTime();
        File.WriteAllText(path, "-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)\n"
            + $"INSERT INTO `orders` VALUES (1,'{name}');\n-- Dump completed on {finished:yyyy-MM-dd HH:mm:ss}\n");
        File.SetLastWriteTimeUtc(path, finished.UtcDateTime);
    }

    /// <summary>Set "shop" copied to <paramref name="remote"/>, and set "other" with no remote, in its own directory.</summary>
    private static string Config(OffsiteScene scene, string remote, string file = "config.yml")
    {
        var other = Directory.CreateDirectory(Path.Combine(scene.Root, "other")).FullName;
        Dump(other, "other-1.sql", TimeSpan.FromHours(2));
        return ConfigBuilder.Fast()
            .Backup("shop", SetKind.Mysqldump, scene.Local, b => b.Offsite(o => o.Set("name", "mirror").Set("remote", remote)
                .Set("rclone_config", scene.ConfigFile).Set("interval", "1s").Set("timeout", "20s").Set("max_lag", "30m")))
            .Backup("other", SetKind.Mysqldump, other)
            .WriteTo(Path.Combine(scene.Root, file));
    }

    private static async Task<(int ExitCode, string Stdout)> VerifyAsync(string config, string output, params string[] more)
    {
        var (code, stdout, stderr) = await ExporterProcess.RunCliAsync(
            ["verify", "--config.file=" + config, "--output=" + output, .. more]);
        Assert.True(code is 0 or 1 or 2, stderr); // 3 is UNKNOWN: a configuration or command line the test got wrong
        return (code, stdout);
    }

    private static JsonElement Set(string json, string name) =>
        JsonDocument.Parse(json).RootElement.GetProperty("backups").EnumerateArray().Single(b => b.GetProperty("name").GetString() == name);

    private static List<string> Reasons(JsonElement set) => set.GetProperty("reasons").EnumerateArray()
        .Select(r => r.ValueKind == JsonValueKind.String ? r.GetString()! : r.GetProperty("text").GetString()!).ToList();

    /// <summary>The reason without the lag, which grows between two verdicts.</summary>
    private static string WithoutLag(string reason) => Regex.Replace(reason, "behind by [0-9hms]+ ", "behind by LAG ");

    [Fact]
    public async Task A_copy_missing_on_the_remote_fails_verify_as_it_shows_on_the_status_page_and_passes_once_copied()
    {
        using var scene = new OffsiteScene();
        Dump(scene.Local, "shop-1.sql", TimeSpan.FromDays(1));
        await scene.CopyAllAsync();
        Dump(scene.Local, "shop-2.sql", TimeSpan.FromHours(1)); // an hour old, max_lag 30m: missing, not merely in transit
        var config = Config(scene, scene.Remote);

        var (code, json) = await VerifyAsync(config, "json");
        var shop = Set(json, "shop");
        Assert.Equal("critical", shop.GetProperty("severity").GetString());
        Assert.Equal(2, code);
        var mirror = Assert.Single(shop.GetProperty("offsite").EnumerateArray());
        Assert.True(mirror.GetProperty("up").GetBoolean());
        Assert.Equal("shop-2.sql", Assert.Single(mirror.GetProperty("missing").EnumerateArray()).GetProperty("name").GetString());
        var reason = Assert.Single(Reasons(shop));
        Assert.StartsWith("off-site remote mirror is behind by 1h", reason, StringComparison.Ordinal);
        Assert.EndsWith("(max_lag 30m); shop-2.sql is not there", reason, StringComparison.Ordinal);

        // The running exporter's verdict of the same set: the same severity and the same reason.
        await using (var exporter = await ExporterProcess.StartAsync(config))
        {
            await exporter.ScrapeUntilAsync(
                m => m.Value("mysql_backup_offsite_missing_artifacts", ("backup", "shop"), ("remote", "mirror")) == 1,
                "the remote listed", seconds: 60);
            var (status, api) = await exporter.GetAsync("/api/v1/status");
            Assert.Equal(200, status);
            var served = Set(api, "shop");
            Assert.Equal("critical", served.GetProperty("severity").GetString());
            Assert.Equal(WithoutLag(reason), WithoutLag(Assert.Single(Reasons(served))));
            var (_, page) = await exporter.GetAsync("/");
            Assert.Contains("shop-2.sql is not there", page, StringComparison.Ordinal);
        }

        var (textCode, text) = await VerifyAsync(config, "text");
        Assert.Equal(2, textCode);
        Assert.Contains("shop: CRITICAL\n  off-site remote mirror is behind by 1h", text, StringComparison.Ordinal);
        Assert.Contains("other: OK\n", text, StringComparison.Ordinal);
        var (nagiosCode, nagios) = await VerifyAsync(config, "nagios", "--backup=shop");
        Assert.Equal(2, nagiosCode);
        Assert.StartsWith("BACKUP CRITICAL - 1 critical; shop: off-site remote mirror is behind by 1h", nagios, StringComparison.Ordinal);
        // The other set, selected alone, is judged without the shop's remote.
        var (otherCode, other) = await VerifyAsync(config, "nagios", "--backup=other");
        Assert.Equal(0, otherCode);
        Assert.StartsWith("BACKUP OK - 1 ok |", other, StringComparison.Ordinal);

        await scene.CopyAllAsync();
        var (copiedCode, copied) = await VerifyAsync(config, "text", "--backup=shop");
        Assert.Equal(0, copiedCode);
        // After the recovery line ("shop: restorable now to ...; off-site to ..."), the verdict.
        Assert.Contains("\nshop: OK\n", copied, StringComparison.Ordinal);
        Assert.DoesNotContain("off-site remote", copied, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_remote_that_cannot_be_listed_is_a_warning_with_rclones_reason()
    {
        using var scene = new OffsiteScene();
        Dump(scene.Local, "shop-1.sql", TimeSpan.FromHours(1));
        var config = Config(scene, "nosuchremote:backups");

        var (code, nagios) = await VerifyAsync(config, "nagios", "--backup=shop");

        Assert.Equal(1, code);
        Assert.StartsWith("BACKUP WARNING - 1 warning; shop: off-site remote mirror cannot be listed: rclone lsjson failed",
            nagios, StringComparison.Ordinal);
        Assert.Contains("nosuchremote", nagios, StringComparison.Ordinal);
    }
}
