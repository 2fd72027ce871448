using BackupExporter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace BackupExporter.IntegrationTests.Alerting;

/// <summary>
/// Every failure pages once, naming its cause. Eighteen different failures are staged with the real tools (mariadb-dump,
/// mariabackup, the run wrapper, a server stopped, binlogs purged, a dump the real client cannot restore; one, a failed
/// MySQL Enterprise Backup run, as the history row the commercial tool writes; the failed restore drill as the drill
/// command records it), each on a set or server of its own, beside a
/// healthy set and server; the real exporter inspects them, the real Prometheus evaluates the shipped rules and the
/// real Alertmanager the shipped configuration, both with their durations scaled by one factor (ScaledAlertingStack),
/// and every receiver notifies a webhook here. Each failure must reach each receiver its severity routes to in exactly
/// one notification, holding exactly one alert, the one that names the cause; the healthy set and server never.
/// </summary>
public sealed class OneCauseOneAlertTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("backup-exporter-one-cause-").FullName;
    private MariaDbServer _db = null!;
    private MariaDbServer _gone = null!;

    public async Task InitializeAsync()
    {
        _db = await MariaDbServer.StartOwnAsync();
        await _db.SeedShopAsync();
        _gone = await MariaDbServer.StartOwnAsync();
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _gone.DisposeAsync();
        await ProcessRunner.RunAsync("rm", ["-rf", _root]);
    }

    private static string[] Receivers(string severity) => severity == "critical" ? ["oncall-webhook", "dba-email"] : ["dba-email"];

    private static string GroupValue(Notification n, string label) => n.GroupLabels.GetValueOrDefault(label, "");

    private static bool Same(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    [Fact]
    public async Task Each_real_failure_is_one_notification_of_the_one_alert_that_names_its_cause()
    {
        var staged = new StagedFailures(_root, _db, _gone);
        await staged.StageAsync();
        var failures = staged.Failures;
        Assert.True(failures.Count >= 12, $"{failures.Count} failures staged");
        Assert.Equal(failures.Count, failures.Select(f => f.Group).Distinct().Count()); // each on a set or server of its own

        await using var exporter = await ExporterProcess.StartWithStateAsync(staged.ConfigFile, staged.StateDirectory);
        using var webhook = new WebhookReceiver();
        await using var stack = await ScaledAlertingStack.StartAsync(_root, exporter.Port, webhook);
        string Context() => $"notifications:\n{Describe(webhook.Notifications)}\n{stack.Output}\nexporter:\n{exporter.Output}";

        // Every cause reaches every receiver its severity routes to.
        foreach (var f in failures)
            foreach (var receiver in Receivers(f.Severity))
                await WaitAsync(() => Task.FromResult(webhook.Notifications.Any(n => n.Receiver == receiver
                    && GroupValue(n, f.Group.Label) == f.Group.Value)),
                    $"a notification to {receiver} for {f.Cause} ({f.Group.Label}={f.Group.Value})", TimeSpan.FromMinutes(3), Context);

        // Then nothing is still pending, and Alertmanager has notified every alert it does not inhibit: any second alert
        // of a cause would be in a notification by now.
        await WaitAsync(async () =>
        {
            var pending = await stack.QueryAsync("ALERTS{alertstate=\"pending\"}");
            var held = await stack.HeldAlertsAsync();
            var notified = webhook.Notifications.SelectMany(n => n.Alerts).ToList();
            return pending.Count == 0 && held.Where(a => a.State == "active").All(a => notified.Any(n => Same(n.Labels, a.Labels)));
        }, "no alert pending and every active alert notified", TimeSpan.FromMinutes(2), Context);

        // Alertmanager sends a group again after the route's repeat_interval (here a minute for critical ones): the same
        // alerts again then are a reminder, not a second notification; anything else in the group is.
        var repeat = ScaledAlertingStack.ShortestRepeat();
        var all = webhook.Notifications;
        var notifications = all.Where((n, i) => !all.Take(i).Any(earlier =>
            earlier.Receiver == n.Receiver && Same(earlier.GroupLabels, n.GroupLabels) && n.Received - earlier.Received >= repeat
            && earlier.Alerts.Count == n.Alerts.Count && earlier.Alerts.All(a => n.Alerts.Any(b => b.Status == a.Status
                && Same(a.Labels, b.Labels))))).ToList();
        foreach (var f in failures)
        {
            var mine = notifications.Where(n => GroupValue(n, f.Group.Label) == f.Group.Value).ToList();
            var what = $"{f.Cause} ({f.Group.Label}={f.Group.Value}):\n{Describe(mine)}";
            Assert.True(Receivers(f.Severity).Order().SequenceEqual(mine.Select(n => n.Receiver).Order()), "one notification per "
                + "receiver for " + what);
            foreach (var n in mine)
            {
                var alert = Assert.Single(n.Alerts);
                Assert.True(alert.Status == "firing" && alert.Labels["alertname"] == f.Alert && alert.Labels["severity"] == f.Severity,
                    "the alert of " + what);
                foreach (var (label, value) in f.Labels)
                    Assert.True(alert.Labels.GetValueOrDefault(label) == value, $"{label}={value} on the alert of {what}");
                Assert.True(alert.Annotations["summary"].Contains(f.Words, StringComparison.Ordinal), $"the summary of {what} names "
                    + $"\"{f.Words}\"");
                Assert.Contains(f.Group.Value, alert.Annotations["summary"]);
            }
        }

        // The healthy set and server were never notified, nor was any set or server that was not staged to fail.
        var expectedGroups = failures.Select(f => f.Group).ToHashSet();
        Assert.All(notifications, n => Assert.True(
            expectedGroups.Contains(("backup", GroupValue(n, "backup"))) || expectedGroups.Contains(("server", GroupValue(n, "server"))),
            "a notification of no staged failure: " + Describe([n])));
        Assert.DoesNotContain(notifications, n => GroupValue(n, "backup") == "healthy" || GroupValue(n, "server") == "db");
        Assert.Empty(await stack.QueryAsync("ALERTS{backup=\"healthy\"} or ALERTS{server=\"db\"}"));

        var firing = await stack.QueryAsync("ALERTS{alertstate=\"firing\"}");
        var held = await stack.HeldAlertsAsync();
        var notified = notifications.SelectMany(n => n.Alerts)
            .Select(a => a.Labels["alertname"] + a.Labels.GetValueOrDefault("backup", a.Labels.GetValueOrDefault("server", "")))
            .Distinct().Count();
        output.WriteLine($"{failures.Count} causes; Prometheus fires {firing.Count} alerts; Alertmanager holds {held.Count}, " +
            $"inhibits {held.Count(a => a.State == "suppressed")}; notified alerts: {notified}");
        output.WriteLine(string.Join('\n', firing.Select(a => string.Join(',', a.Labels.Where(l => l.Key is "alertname" or "backup"
            or "server" or "class").Select(l => l.Value)))));
    }

    private static string Describe(IEnumerable<Notification> notifications) => string.Join('\n', notifications.Select(n =>
        $"{n.Receiver} [{string.Join(',', n.GroupLabels.Select(l => $"{l.Key}={l.Value}"))}]: "
            + $"{string.Join("; ", n.Alerts.Select(WebhookReceiver.Describe))}"));

    private static async Task WaitAsync(Func<Task<bool>> condition, string what, TimeSpan timeout, Func<string> context)
    {
        var until = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"within {timeout}, never: {what}\n{context()}");
            await Task.Delay(250);
        }
    }
}
