using System.Net.Http.Json;

namespace BackupExporter.IntegrationTests.Alerting;

/// <summary>
/// The inhibitions of the shipped deploy/alertmanager/alertmanager.yml in the real Alertmanager. The rules already keep
/// consequences quiet while their cause's metrics show (OneCauseOneAlertTests, where Alertmanager inhibits nothing);
/// this is the second line, for alerts sent before their cause was known or rules a site changed. The alerts are
/// posted by the test to Alertmanager's API, as Prometheus would send them.
/// </summary>
public sealed class AlertmanagerInhibitionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("backup-exporter-inhibit-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Dictionary<string, object> Alert(string name, params (string Label, string Value)[] labels)
    {
        var all = new Dictionary<string, string> { ["alertname"] = name, ["job"] = "backup-exporter", ["instance"] = "db1:9407",
            ["severity"] = "critical" };
        foreach (var (label, value) in labels)
            all[label] = value;
        return new() { ["labels"] = all, ["startsAt"] = DateTime.UtcNow.AddMinutes(-1), ["endsAt"] = DateTime.UtcNow.AddHours(1) };
    }

    [Fact]
    public async Task A_cause_inhibits_the_alerts_that_follow_from_it_on_the_same_set_or_server_only()
    {
        using var webhook = new WebhookReceiver();
        await using var alertmanager = await ScaledAlertingStack.StartAlertmanagerAsync(_root, webhook);
        Dictionary<string, object>[] alerts =
        [
            Alert("MysqlBackupLogErrors", ("backup", "denied"), ("source", "mysqldump"), ("class", "access_denied")),
            Alert("MysqlBackupIncomplete", ("backup", "denied"), ("check", "complete"), ("kind", "mysqldump")),
            Alert("MysqlBackupTooOld", ("backup", "denied")),
            Alert("MysqlBackupCompressionBroken", ("backup", "corrupt"), ("check", "compression")),
            Alert("MysqlBackupIncomplete", ("backup", "corrupt"), ("check", "complete"), ("kind", "mysqldump")),
            Alert("MysqlBackupChecksumMismatch", ("backup", "corrupt"), ("check", "checksum")),
            Alert("MysqlBackupOverdue", ("backup", "late")),
            Alert("MysqlBackupTooOld", ("backup", "late")),
            Alert("MysqlBackupVolumeFull", ("backup", "full")),
            Alert("MysqlBackupLogErrors", ("backup", "full"), ("source", "mysqldump"), ("class", "disk_full")),
            Alert("MysqlBackupVolumeSpaceLow", ("backup", "full")),
            Alert("MysqlBackupServerUnreachable", ("server", "gone")),
            Alert("MysqlBackupBinlogDisabled", ("server", "gone")),
            Alert("MysqlBackupIncomplete", ("backup", "other"), ("check", "complete"), ("kind", "mysqldump")),
            // Failing backups thin the retention; a removal inside the window breaks it; a shrink is one alert.
            Alert("MysqlBackupRetentionBroken", ("backup", "corrupt"), ("severity", "warning")),
            Alert("MysqlBackupRetentionBroken", ("backup", "late"), ("severity", "warning")),
            Alert("MysqlBackupRemovedTooEarly", ("backup", "pruned"), ("severity", "warning")),
            Alert("MysqlBackupRetentionBroken", ("backup", "pruned"), ("severity", "warning")),
            Alert("MysqlBackupSizeCollapsed", ("backup", "collapsed"), ("severity", "warning")),
            Alert("MysqlBackupUnusualChange", ("backup", "collapsed"), ("signal", "size"), ("severity", "warning")),
            Alert("MysqlBackupUnusualChange", ("backup", "corrupt"), ("signal", "compression"), ("severity", "warning")),
        ];
        using (var posted = await alertmanager.Http.PostAsJsonAsync("/api/v2/alerts", alerts))
            Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());

        IReadOnlyList<HeldAlert> held = [];
        for (var until = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < until; await Task.Delay(200))
            if ((held = await ScaledAlertingStack.HeldAlertsAsync(alertmanager)).Count == alerts.Length)
                break;
        Assert.Equal(alerts.Length, held.Count);

        var active = held.Where(a => a.State == "active").Select(a => $"{a.Labels["alertname"]} "
            + $"{a.Labels.GetValueOrDefault("backup", a.Labels.GetValueOrDefault("server", ""))}").Order();
        Assert.Equal(
        [
            "MysqlBackupCompressionBroken corrupt", "MysqlBackupIncomplete other", "MysqlBackupLogErrors denied",
            "MysqlBackupOverdue late", "MysqlBackupRemovedTooEarly pruned", "MysqlBackupServerUnreachable gone",
            "MysqlBackupSizeCollapsed collapsed", "MysqlBackupVolumeFull full",
        ], active);
        Assert.All(held.Where(a => a.State != "active"), a => Assert.Equal("suppressed", a.State));
        Assert.All(held.Where(a => a.State == "suppressed"), a => Assert.NotEmpty(a.InhibitedBy));
    }
}
