using System.Text.RegularExpressions;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Alerting;

/// <summary>
/// The shipped rule files pass <c>promtool check rules</c> and their unit tests (<c>promtool test rules</c>); every
/// alert is complete (severity, summary, description, a runbook section of its own, a <c>for:</c>) and tested both
/// firing and quiet.
/// </summary>
public sealed partial class RuleFileTests
{
    [Fact]
    public async Task Promtool_check_rules_passes_on_every_rule_file()
    {
        var files = RepoPaths.RuleFiles.Append(Path.Combine(RepoPaths.AlertRules, "tests", "site-overrides.rules.yml")).ToArray();
        Assert.True(files.Length >= 12, string.Join(", ", files));
        var output = await MonitoringTools.RunCheckedAsync(MonitoringTools.Promtool, ["check", "rules", .. files]);
        Assert.DoesNotContain("FAILED", output);
        Assert.Equal(files.Length, Regex.Count(output, "SUCCESS"));
    }

    [Fact]
    public async Task Promtool_unit_tests_of_the_rules_pass()
    {
        var tests = RepoPaths.RuleTestFiles;
        Assert.True(tests.Count >= 12, string.Join(", ", tests));
        var output = await MonitoringTools.RunCheckedAsync(MonitoringTools.Promtool, ["test", "rules", .. tests]);
        Assert.Equal(tests.Count, Regex.Count(output, "SUCCESS"));
    }

    [Fact]
    public async Task A_wrong_expectation_fails_promtool_with_its_reason()
    {
        // The unit tests above would prove nothing if promtool passed whatever they expected.
        var dir = Directory.CreateTempSubdirectory("backup-exporter-rules-").FullName;
        try
        {
            var test = File.ReadAllText(Path.Combine(RepoPaths.AlertRules, "tests", "age.test.yml"))
                .Replace("../", RepoPaths.AlertRules + "/").Replace("backup: never", "backup: someone-else");
            var file = Path.Combine(dir, "wrong.test.yml");
            File.WriteAllText(file, test);
            var r = await ProcessRunner.RunAsync(MonitoringTools.Promtool, ["test", "rules", file]);
            Assert.NotEqual(0, r.ExitCode);
            Assert.Contains("FAILED", r.Stdout + r.Stderr);
            Assert.Contains("someone-else", r.Stdout + r.Stderr);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Every_alert_has_severity_annotations_a_runbook_section_and_a_for_duration()
    {
        var runbooks = File.ReadAllText(RepoPaths.Of("docs", "runbooks.md"));
        var sections = Headings().Matches(runbooks).Select(m => m.Groups[1].Value).ToHashSet();
        var alerts = RuleSet.Alerts;
        Assert.True(alerts.Count >= 20, $"{alerts.Count} alerts");
        foreach (var a in alerts)
        {
            Assert.True(a.Labels.GetValueOrDefault("severity") is "critical" or "warning", $"{a.Alert}: severity");
            foreach (var annotation in new[] { "summary", "description" })
            {
                var text = a.Annotations.GetValueOrDefault(annotation) ?? "";
                Assert.False(string.IsNullOrWhiteSpace(text), $"{a.Alert}: {annotation}");
                // Named after what it is about: the set, server, inspection or exporter instance (one alert is of no exporter at all);
                // a fleet alert, after the group it is about or the number of hosts.
                if (a.File.StartsWith("fleet", StringComparison.Ordinal) && annotation == "description")
                    Assert.Matches(@"\$labels\.(team|region|env) |\{\{ \$value \}\} hosts", text);
                else if (a.Alert != "MysqlBackupExporterAbsent" && annotation == "description")
                    Assert.Matches(@"\{\{ \$labels\.(backup|server|inspection|instance) \}\}", text);
            }
            Assert.Equal(RuleSet.RunbookBase + a.Alert!.ToLowerInvariant(), a.Annotations.GetValueOrDefault("runbook_url"));
            Assert.Contains(a.Alert, sections);
            Assert.False(string.IsNullOrEmpty(a.For), $"{a.Alert}: no for:");
            Assert.DoesNotMatch("^0[smh]?$", a.For!);
        }
        // No runbook section for an alert that does not exist.
        Assert.Empty(sections.Where(s => s.StartsWith("MysqlBackup", StringComparison.Ordinal)).Except(alerts.Select(a => a.Alert!)));
    }

    [Fact]
    public void Every_alert_is_unit_tested_firing_and_quiet()
    {
        var firing = new HashSet<string>();
        var quiet = new HashSet<string>();
        foreach (var file in RepoPaths.RuleTestFiles)
            foreach (var test in Yaml.Maps(Yaml.Load(file), "tests"))
                foreach (var check in Yaml.List(test.GetValueOrDefault("alert_rule_test")))
                {
                    var name = Yaml.Str(check, "alertname")!;
                    (Yaml.List(Yaml.Get(check, "exp_alerts")).Count > 0 ? firing : quiet).Add(name);
                }
        foreach (var alert in RuleSet.Alerts.Select(a => a.Alert!))
        {
            Assert.True(firing.Contains(alert), $"{alert} is never tested firing");
            Assert.True(quiet.Contains(alert), $"{alert} is never tested quiet");
        }
    }

    [Fact]
    public void Each_rule_file_is_one_group_of_one_concern_and_alert_names_are_unique()
    {
        var rules = RuleSet.Load();
        foreach (var file in rules.GroupBy(r => r.File))
            Assert.Single(file.Select(r => r.Group).Distinct());
        Assert.Equal(rules.Select(r => r.Group).Distinct().Count(), rules.Select(r => r.File).Distinct().Count());
        var alerts = rules.Where(r => r.Alert is not null).Select(r => r.Alert!).ToList();
        Assert.Equal(alerts.Count, alerts.Distinct().Count());
        // Prometheus owns job and instance; alerts only match on them, never set them.
        Assert.DoesNotContain(rules, r => r.Labels.ContainsKey("job") || r.Labels.ContainsKey("instance"));
    }

    [GeneratedRegex(@"^## (\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Headings();
}
