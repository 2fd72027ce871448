using System.Text.RegularExpressions;
using BackupExporter.IntegrationTests.Alerting;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Integrations;

/// <summary>
/// deploy/pmm: alert rule templates complete enough for PMM to take them, linked to the runbooks. Their expressions
/// are parsed and their metrics checked with every other expression (Alerting/ExpressionTests).
/// </summary>
public sealed partial class PmmTemplateTests
{
    [Fact]
    public void Every_template_is_complete_and_links_its_runbook()
    {
        var templates = Yaml.Maps(Yaml.Load(RepoPaths.Of("deploy", "pmm", "mysql-backup-alerts.yml")), "templates").ToList();
        Assert.True(templates.Count >= 10, $"{templates.Count} templates");
        var alerts = RuleSet.Alerts.Select(a => a.Alert!.ToLowerInvariant()).ToHashSet();
        foreach (var t in templates)
        {
            var name = (string)t["name"]!;
            Assert.Matches("^mysql_backup_[a-z_]+$", name);
            foreach (var key in new[] { "version", "summary", "expr", "for", "severity" })
                Assert.False(string.IsNullOrWhiteSpace(t.GetValueOrDefault(key)?.ToString()), $"{name}: {key}");
            Assert.Contains((string)t["severity"]!, (string[])["critical", "warning"]);
            var annotations = Yaml.Map(t["annotations"]);
            Assert.Contains("{{ $labels.", (string)annotations["summary"]!);
            var runbook = (string)annotations["runbook_url"]!;
            Assert.StartsWith(RuleSet.RunbookBase, runbook);
            Assert.Contains(runbook[RuleSet.RunbookBase.Length..], alerts);
            // Every [[ .param ]] is a declared parameter with a default value.
            var declared = Yaml.List(t.GetValueOrDefault("params")).Select(p => Yaml.Str(p, "name")).ToHashSet();
            foreach (Match m in Parameter().Matches((string)t["expr"]! + annotations["description"]))
                Assert.Contains(m.Groups[1].Value, declared);
        }
        Assert.Equal(templates.Count, templates.Select(t => t["name"]).Distinct().Count());
    }

    [Fact]
    public void The_readme_says_how_to_add_the_exporter_to_pmm()
    {
        var readme = File.ReadAllText(RepoPaths.Of("deploy", "pmm", "README.md"));
        Assert.Contains("pmm-admin add external --service-name=", readme);
        Assert.Contains("--listen-port=9407", readme);
        Assert.Contains("mysql-backup-alerts.yml", readme);
    }

    [GeneratedRegex(@"\[\[\s*\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\]\]")]
    private static partial Regex Parameter();
}
