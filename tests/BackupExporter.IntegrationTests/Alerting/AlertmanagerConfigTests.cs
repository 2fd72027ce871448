using System.Text.RegularExpressions;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Alerting;

/// <summary>deploy/alertmanager/alertmanager.yml: valid for amtool, routed by severity, inhibiting alerts that exist.</summary>
public sealed partial class AlertmanagerConfigTests
{
    private static string Config => RepoPaths.Of("deploy", "alertmanager", "alertmanager.yml");

    [Fact]
    public async Task Amtool_check_config_passes()
    {
        var output = await MonitoringTools.RunCheckedAsync(MonitoringTools.Amtool, "check-config", Config);
        Assert.Contains("SUCCESS", output);
        Assert.Matches(@"\d+ inhibit rules", output);
    }

    [Theory]
    [InlineData("critical", "oncall-webhook,dba-email")]
    [InlineData("warning", "dba-email")]
    public async Task Alerts_are_routed_by_severity(string severity, string receivers)
    {
        var output = await MonitoringTools.RunCheckedAsync(MonitoringTools.Amtool, "config", "routes", "test", "--config.file=" + Config,
            "alertname=MysqlBackupIncomplete", "backup=nightly", "severity=" + severity);
        Assert.Equal(receivers, output.Split('\n').First(l => !l.StartsWith("Warning", StringComparison.Ordinal)).Trim());
    }

    [Fact]
    public void Notifications_are_grouped_by_backup_set_and_inhibitions_name_existing_alerts()
    {
        var config = Yaml.Load(Config);
        var groupBy = Yaml.List(Yaml.Get(Yaml.Get(config, "route"), "group_by")).Cast<string>().ToList();
        Assert.Contains("backup", groupBy);
        var alerts = RuleSet.Alerts.Select(a => a.Alert!).ToHashSet();
        var inhibits = Yaml.List(Yaml.Get(config, "inhibit_rules"));
        Assert.NotEmpty(inhibits);
        var named = new List<string>();
        foreach (var rule in inhibits)
            foreach (var matcher in Yaml.List(Yaml.Get(rule, "source_matchers"))
                .Concat(Yaml.List(Yaml.Get(rule, "target_matchers"))).Cast<string>())
                if (AlertnameMatcher().Match(matcher) is { Success: true } m)
                    named.AddRange(m.Groups[1].Value.Split('|'));
        Assert.Contains("MysqlBackupExporterDown", named);
        Assert.Contains("MysqlBackupVolumeFull", named);
        foreach (var name in named)
            Assert.True(alerts.Contains(name), $"inhibit rule names {name}, which no rule defines");
    }

    [GeneratedRegex("^alertname=~?\"([^\"]+)\"$")]
    private static partial Regex AlertnameMatcher();
}
