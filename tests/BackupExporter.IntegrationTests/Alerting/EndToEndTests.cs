using System.Text.Json;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Alerting;

/// <summary>
/// The whole chain with real processes: the exporter on dumps made by mariadb-dump, prometheus scraping it with the
/// shipped rules and prometheus-alertmanager with the shipped configuration (their durations scaled by one factor:
/// ScaledAlertingStack), notifying a webhook in the test. A cut-off newest dump is notified with its labels and runbook, its repair is
/// notified as resolved, and a healthy set beside it is never notified.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class EndToEndTests : BackupDirectoryTest
{
    public EndToEndTests(SharedMariaDb db)
        : base(db)
    {
    }

    [Fact]
    public async Task A_broken_backup_is_notified_with_its_runbook_and_its_repair_resolves_it()
    {
        var newest = new Dictionary<string, string>();
        foreach (var set in new[] { "healthy", "broken" })
        {
            var dir = Dir(set);
            await DumpMaker.DumpAsync(Server, Path.Combine(dir, "shop-1.sql.gz"), modified: DateTimeOffset.UtcNow.AddDays(-1));
            newest[set] = await DumpMaker.DumpAsync(Server, Path.Combine(dir, "shop-2.sql.gz"),
                modified: DateTimeOffset.UtcNow.AddHours(-1));
        }
        var config = TestConfig.Write(Path.Combine(Root, "exporter.yml"),
            [("healthy", Path.Combine(Root, "healthy"), b => b.Checksum("sha256")), ("broken", Path.Combine(Root, "broken"),
                b => b.Checksum("sha256"))]);
        await using var exporter = await ExporterProcess.StartAsync(config);

        using var webhook = new WebhookReceiver();
        await using var stack = await ScaledAlertingStack.StartAsync(Root, exporter.Port, webhook);
        var prometheus = stack.Prometheus;
        string Context() => $"{stack.Output}\nexporter:\n{exporter.Output}";

        // The shipped rules are loaded and the healthy picture is in Prometheus before anything breaks.
        await QueryUntilAsync(prometheus, "count(mysql_backup_check_ok == 1)", v => v == 8, "all eight checks pass", Context);
        await QueryUntilAsync(prometheus, "count(mysql_backup:max_age_seconds)", v => v == 2, "the threshold rules are evaluated", Context);

        // The newest dump of "broken" is cut off, as a full disk leaves it: its gzip stream ends early (and with it the
        // footer and the checksum): the broken stream is the one alert.
        var original = await File.ReadAllBytesAsync(newest["broken"]);
        var modified = File.GetLastWriteTimeUtc(newest["broken"]);
        Damage.TruncateFraction(newest["broken"], 0.5);

        var fired = await webhook.WaitForAsync(a => a.Status == "firing"
            && a.Labels.GetValueOrDefault("alertname") == "MysqlBackupCompressionBroken",
            "MysqlBackupCompressionBroken firing", TimeSpan.FromMinutes(2), Context);
        Assert.Equal("broken", fired.Labels["backup"]);
        Assert.Equal("compression", fired.Labels["check"]);
        Assert.Equal("critical", fired.Labels["severity"]);
        Assert.Equal("backup-exporter", fired.Labels["job"]);
        Assert.Equal($"127.0.0.1:{exporter.Port}", fired.Labels["instance"]);
        Assert.Equal(RuleSet.RunbookBase + "mysqlbackupcompressionbroken", fired.Annotations["runbook_url"]);
        Assert.Equal("Newest backup of broken is truncated or corrupt: its compressed stream is broken", fired.Annotations["summary"]);
        Assert.Contains("backup set broken", fired.Annotations["description"]);

        // Repaired: the dump is whole again (the backup ran again), and the alert is resolved.
        await File.WriteAllBytesAsync(newest["broken"], original);
        File.SetLastWriteTimeUtc(newest["broken"], modified);
        await webhook.WaitForAsync(a => a.Status == "resolved" && a.Labels.GetValueOrDefault("alertname") == "MysqlBackupCompressionBroken"
                && a.Labels.GetValueOrDefault("backup") == "broken",
            "MysqlBackupCompressionBroken resolved", TimeSpan.FromMinutes(2), Context);

        // The healthy set was never notified, nor even pending, and nothing else fired.
        Assert.DoesNotContain(webhook.Alerts, a => a.Labels.GetValueOrDefault("backup") == "healthy");
        using (var alerts = await prometheus.Http.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString("ALERTS")))
        {
            var body = await alerts.Content.ReadAsStringAsync();
            Assert.True(await QueryAsync(prometheus, "count(ALERTS{backup=\"healthy\"}) or vector(0)") == 0,
                "alerts of the healthy set: " + body);
        }
        Assert.All(webhook.Alerts, a => Assert.Equal("broken", a.Labels.GetValueOrDefault("backup")));
        Assert.All(webhook.Alerts, a => Assert.Equal("MysqlBackupCompressionBroken", a.Labels["alertname"]));
    }

    [Fact]
    public async Task An_overdue_backup_that_also_breaches_its_rpo_pages_once_as_overdue()
    {
        // A real dump whose own record (its footer) and file time say it was made 30 hours ago, in an hourly set with an
        // rpo of an hour: overdue, and its recovery point (the dump's own: no server) breaches the rpo.
        var made = DateTimeOffset.UtcNow.AddHours(-30);
        var dump = await DumpMaker.DumpAsync(Server, Path.Combine(Dir("late"), "shop-1.sql"), DumpCompression.None);
        var text = System.Text.RegularExpressions.Regex.Replace(await File.ReadAllTextAsync(dump), "-- Dump completed on .*",
            $"-- Dump completed on {made:yyyy-MM-dd HH:mm:ss}");
        await File.WriteAllTextAsync(dump, text);
        Damage.SetModified(dump, made);
        DumpMaker.WriteSidecar(dump);
        var config = TestConfig.Write(Path.Combine(Root, "exporter.yml"),
            [("late", Path.Combine(Root, "late"), b => b.Schedule("0 * * * *", grace: "10m").Timezone("UTC").Set("rpo", "1h"))]);
        await using var exporter = await ExporterProcess.StartAsync(config);
        using var webhook = new WebhookReceiver();
        await using var stack = await ScaledAlertingStack.StartAsync(Root, exporter.Port, webhook);
        string Context() => $"{stack.Output}\nexporter:\n{exporter.Output}";

        await webhook.WaitForAsync(a => a.Status == "firing" && a.Labels.GetValueOrDefault("alertname") == "MysqlBackupOverdue",
            "MysqlBackupOverdue firing", TimeSpan.FromMinutes(2), Context);
        // The RPO breach is real and firing in Prometheus (its for: is longer than overdue's), and Alertmanager holds it
        // inhibited by the overdue alert of the same set.
        await QueryUntilAsync(stack.Prometheus, "count(ALERTS{alertname=\"MysqlBackupRpoBreached\",alertstate=\"firing\","
            + "backup=\"late\",scope=\"local\"})", v => v == 1, "MysqlBackupRpoBreached firing in Prometheus", Context);
        var until = DateTime.UtcNow.AddSeconds(60);
        IReadOnlyList<HeldAlert> held;
        while (!(held = await stack.HeldAlertsAsync()).Any(a => a.Labels.GetValueOrDefault("alertname") == "MysqlBackupRpoBreached"))
        {
            Assert.True(DateTime.UtcNow < until, "Alertmanager never received MysqlBackupRpoBreached\n" + Context());
            await Task.Delay(500);
        }
        var rpo = Assert.Single(held, a => a.Labels.GetValueOrDefault("alertname") == "MysqlBackupRpoBreached");
        Assert.Equal("suppressed", rpo.State);
        Assert.NotEmpty(rpo.InhibitedBy);

        // Several group intervals later, still: one cause, one page.
        await Task.Delay(TimeSpan.FromSeconds(3 * 300 / ScaledAlertingStack.Factor));
        var pages = webhook.Alerts.Where(a => a.Status == "firing" && a.Labels.GetValueOrDefault("severity") == "critical")
            .Select(a => a.Labels["alertname"]).Distinct().ToList();
        Assert.Equal(["MysqlBackupOverdue"], pages);
        Assert.DoesNotContain(webhook.Alerts, a => a.Labels.GetValueOrDefault("alertname") == "MysqlBackupRpoBreached");
    }

    private static async Task<double?> QueryAsync(ServiceProcess prometheus, string query)
    {
        using var response = await prometheus.Http.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(query));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var result = json.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0 ? null : double.Parse(result[0].GetProperty("value")[1].GetString()!,
            System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task QueryUntilAsync(ServiceProcess prometheus, string query, Func<double, bool> condition,
        string what, Func<string> context)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (await QueryAsync(prometheus, query) is { } v && condition(v))
                return;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"within 60 s, never: {what} ({query} = {await QueryAsync(prometheus, query)})\n{context()}");
            await Task.Delay(500);
        }
    }
}
