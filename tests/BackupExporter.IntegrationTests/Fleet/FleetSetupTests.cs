using BackupExporter.IntegrationTests.Alerting;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Fleet;

/// <summary>
/// The tested fleet set-up of docs/fleet.md: three real exporters standing for three hosts of two teams, two
/// Prometheus servers (two regions) remote-writing into victoria-metrics, vmalert evaluating the fleet rules there,
/// one Alertmanager with the shipped configuration. A broken backup on one host is in the fleet rollup with its host
/// and team, and is exactly one page; the same on every host is exactly one page too: the shared cause, which keeps
/// the three per-host pages quiet.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class FleetSetupTests : BackupDirectoryTest
{
    public FleetSetupTests(SharedMariaDb db)
        : base(db)
    {
    }

    private const string Broken = "MysqlBackupCompressionBroken";
    private const string SharedCause = "MysqlBackupFleetManyHostsFailing";

    [Fact]
    public async Task One_broken_host_is_one_page_in_the_rollup_and_every_host_broken_is_one_shared_cause_page()
    {
        // Two good dumps, copied to each host's two sets: "orders" stays healthy, "nightly" is what breaks.
        var day = await DumpMaker.DumpAsync(Server, Path.Combine(Dir("made"), "shop-1.sql.gz"),
            modified: DateTimeOffset.UtcNow.AddDays(-1));
        var hour = await DumpMaker.DumpAsync(Server, Path.Combine(Dir("made"), "shop-2.sql.gz"),
            modified: DateTimeOffset.UtcNow.AddHours(-1));
        var teams = new[] { ("db1", "payments", "site-a"), ("db2", "shop", "site-a"), ("db3", "shop", "site-b") };
        var exporters = new List<ExporterProcess>();
        var newest = new Dictionary<string, string>();
        try
        {
            foreach (var (host, _, _) in teams)
            {
                foreach (var name in new[] { "orders", "nightly" })
                    foreach (var dump in new[] { day, hour })
                    {
                        var dir = Dir(Path.Combine(host, name));
                        foreach (var file in new[] { dump, dump + ".sha256" })
                        {
                            var copy = Path.Combine(dir, Path.GetFileName(file));
                            File.Copy(file, copy);
                            File.SetLastWriteTimeUtc(copy, File.GetLastWriteTimeUtc(file));
                        }
                    }
                newest[host] = Path.Combine(Root, host, "nightly", Path.GetFileName(hour));
                var config = TestConfig.Write(Path.Combine(Root, host, "exporter.yml"),
                    [("orders", Path.Combine(Root, host, "orders"), b => b.Checksum("sha256")),
                        ("nightly", Path.Combine(Root, host, "nightly"), b => b.Checksum("sha256"))]);
                exporters.Add(await ExporterProcess.StartAsync(config));
            }
            var hosts = teams.Select((t, i) => new FleetHost(exporters[i].Port, t.Item2, t.Item3)).ToList();
            string Instance(int i) => $"127.0.0.1:{exporters[i].Port}";

            using var webhook = new WebhookReceiver();
            await using var stack = await FleetStack.StartAsync(Root, hosts, webhook);
            string Context() => $"{stack.Output}\nnotified:\n{string.Join('\n', webhook.Alerts.Select(WebhookReceiver.Describe))}";

            // The fleet rollups of all three hosts, from both sites, are in victoria-metrics: nothing failing.
            await stack.QueryUntilAsync("mysql_backup_fleet:host_sets", r => r.Count == 3 && r.All(s => s.Value == 2),
                "three hosts of two sets", Context);
            await stack.QueryUntilAsync("mysql_backup_fleet:hosts_failing", r => r.Count == 3 && r.All(s => s.Value == 0), "three groups "
                + "(two teams, two regions), no host failing", Context);
            var groups = await stack.QueryAsync("mysql_backup_fleet:hosts");
            Assert.Contains(groups, g => g.Labels["team"] == "payments" && g.Labels["region"] == "eu"
                && g.Labels["env"] == "prod" && g.Value == 1);
            Assert.Contains(groups, g => g.Labels["team"] == "shop" && g.Labels["region"] == "eu" && g.Value == 1);
            Assert.Contains(groups, g => g.Labels["team"] == "shop" && g.Labels["region"] == "us" && g.Value == 1);

            // One host's newest nightly dump is cut off: its set is in the rollup with its host and team, and it is
            // exactly one page, from its site's Prometheus.
            var original = await File.ReadAllBytesAsync(newest["db1"]);
            var modified = File.GetLastWriteTimeUtc(newest["db1"]);
            Damage.TruncateFraction(newest["db1"], 0.5);
            var failing = await stack.QueryUntilAsync("mysql_backup_fleet:set_not_restorable == 1", r => r.Count == 1,
                "one set not restorable", Context);
            var set = failing[0].Labels;
            Assert.Equal((Instance(0), "nightly", "payments", "eu", "prod"), (set["instance"], set["backup"], set["team"],
                set["region"], set["env"]));
            await stack.QueryUntilAsync("mysql_backup_fleet:hosts_failing{team=\"payments\"} == 1", r => r.Count == 1, "payments has one "
                + "host failing", Context);
            var page = await webhook.WaitForAsync(a => a.Status == "firing" && a.Labels.GetValueOrDefault("alertname") == Broken,
                "the broken host's page", TimeSpan.FromMinutes(2), Context);
            Assert.Equal((Instance(0), "nightly", "payments", "eu"), (page.Labels["instance"], page.Labels["backup"], page.Labels["team"],
                page.Labels["region"]));
            // Long enough for the fleet rules to page if they would (their for: and two evaluations): nothing else does.
            await Task.Delay(FleetStack.Scaled("3m"));
            Assert.Equal([Describe(page)], Pages(webhook, DateTime.MinValue));

            // Repaired, and resolved.
            await File.WriteAllBytesAsync(newest["db1"], original);
            File.SetLastWriteTimeUtc(newest["db1"], modified);
            await webhook.WaitForAsync(a => a.Status == "resolved" && a.Labels.GetValueOrDefault("alertname") == Broken,
                "the broken host's page resolved", TimeSpan.FromMinutes(2), Context);
            await stack.QueryUntilAsync("mysql_backup_fleet:hosts_failing", r => r.Count == 3 && r.All(s => s.Value == 0),
                "no host failing again", Context);

            // The same on all three hosts at once (a shared cause): one page, the shared cause; the three per-host
            // alerts fire too, and Alertmanager holds them back.
            var since = DateTime.UtcNow;
            foreach (var host in newest.Values)
                Damage.TruncateFraction(host, 0.5);
            var shared = await webhook.WaitForAsync(a => a.Status == "firing" && a.Labels.GetValueOrDefault("alertname") == SharedCause,
                "the shared-cause page", TimeSpan.FromMinutes(2), Context);
            Assert.Equal("critical", shared.Labels["severity"]);
            Assert.Equal("3 hosts are failing backups at once: look for a shared cause", shared.Annotations["summary"]);
            var until = DateTime.UtcNow.AddSeconds(90);
            while ((await ScaledAlertingStack.HeldAlertsAsync(stack.Alertmanager)).Count(a => a.Labels["alertname"] == Broken
                && a.InhibitedBy.Count > 0) < 3)
            {
                Assert.True(DateTime.UtcNow < until, $"the three per-host alerts were never held back\n{Context()}");
                await Task.Delay(500);
            }
            // Held back past the group_wait after which they would have been sent.
            await Task.Delay(FleetStack.Scaled("1m"));
            Assert.True(Pages(webhook, since).SequenceEqual([Describe(shared)]), $"pages since every host broke, not only the shared "
                + $"cause:\n{Timeline(webhook, since)}\n{Context()}");
            var rollup = await stack.QueryAsync("sum(mysql_backup_fleet:hosts_failing)");
            Assert.Equal(3, Assert.Single(rollup).Value);
        }
        finally
        {
            foreach (var exporter in exporters)
                await exporter.DisposeAsync();
        }
    }

    /// <summary>The distinct alerts paged (sent firing to the on-call receiver) since a moment: repeats are one page.</summary>
    private static List<string> Pages(WebhookReceiver webhook, DateTime since) =>
        [.. webhook.Notifications.Where(n => n.Receiver == "oncall-webhook" && n.Received >= since)
            .SelectMany(n => n.Alerts).Where(a => a.Status == "firing").Select(Describe).Distinct().Order(StringComparer.Ordinal)];

    private static string Timeline(WebhookReceiver webhook, DateTime since) =>
        string.Join('\n', webhook.Notifications.Where(n => n.Received >= since).Select(n =>
            $"+{(n.Received - since).TotalSeconds:F1}s {n.Receiver}: "
                + $"{string.Join("; ", n.Alerts.Select(a => a.Status + " " + Describe(a)))}"));

    private static string Describe(NotifiedAlert a) => string.Join(',', a.Labels.OrderBy(l => l.Key, StringComparer.Ordinal)
        .Select(l => $"{l.Key}={l.Value}"));
}
