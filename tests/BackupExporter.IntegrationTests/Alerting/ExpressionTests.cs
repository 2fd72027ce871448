using System.Text;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Alerting;

/// <summary>
/// Every PromQL expression of the rules, dashboards and PMM templates parses (promtool checks them as recording
/// rules), and every metric they name is exported by a running exporter with a server and backup sets, except the
/// explicit list of contract metrics not exported yet.
/// </summary>
[Collection(ExporterWithServerCollection.Name)]
public sealed class ExpressionTests
{
    private readonly ExporterWithServer _exporter;

    public ExpressionTests(ExporterWithServer exporter) => _exporter = exporter;

    [Fact]
    public async Task Every_expression_parses()
    {
        var expressions = Expressions.All;
        Assert.Contains(expressions, e => e.Source.StartsWith("mysql-backup-overview.json", StringComparison.Ordinal));
        Assert.Contains(expressions, e => e.Source.StartsWith("mysql-backup-server.json", StringComparison.Ordinal));
        Assert.Contains(expressions, e => e.Source.StartsWith("mysql-backup-alerts.yml", StringComparison.Ordinal));
        var dir = Directory.CreateTempSubdirectory("backup-exporter-promql-").FullName;
        try
        {
            // One group per expression, named after its source, so that promtool's complaint says where it is.
            var yaml = new StringBuilder("groups:\n");
            for (var i = 0; i < expressions.Count; i++)
            {
                var e = expressions[i];
                yaml.Append($"  - name: {Quoted(e.Source + " #" + i)}\n    rules:\n      - record: check:expression_{i}\n        "
                    + $"expr: {Quoted(e.Expr)}\n");
            }
            var file = Path.Combine(dir, "expressions.rules.yml");
            await File.WriteAllTextAsync(file, yaml.ToString());
            var output = await MonitoringTools.RunCheckedAsync(MonitoringTools.Promtool, "check", "rules", file);
            Assert.Contains($"SUCCESS: {expressions.Count} rules found", output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Every_metric_named_is_exported_by_a_running_exporter()
    {
        var exported = new PrometheusText(_exporter.Metrics).Samples.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var recorded = RuleSet.Load().Where(r => r.Record is not null).Select(r => r.Record!).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var e in Expressions.All)
            foreach (var name in PromQl.Names(e.Expr))
            {
                if (PromQl.IsRecorded(name))
                {
                    if (!recorded.Contains(name) && !name.StartsWith("mysql_backup_site:", StringComparison.Ordinal))
                        problems.Add($"{e.Source}: {name} is recorded by no shipped rule");
                }
                else if (!exported.Contains(name) && !NotExportedYet.Names.Contains(name) && name != "up")
                {
                    problems.Add($"{e.Source}: {name} is not in the exporter's /metrics");
                }
            }
        Assert.True(problems.Count == 0, string.Join('\n', problems) + "\n\n/metrics:\n" + _exporter.Metrics);
    }

    [Fact]
    public void The_names_not_exported_yet_are_used_and_really_not_exported()
    {
        var exported = new PrometheusText(_exporter.Metrics).Samples.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var used = Expressions.All.SelectMany(e => PromQl.Names(e.Expr)).ToHashSet(StringComparer.Ordinal);
        foreach (var name in NotExportedYet.Names)
        {
            Assert.False(exported.Contains(name), $"{name} is exported now: remove it from NotExportedYet");
            Assert.True(used.Contains(name), $"{name} is used by no rule, dashboard or template: remove it from NotExportedYet");
        }
        // The contract's metrics that are exported are what nearly everything reads.
        Assert.Contains("mysql_backup_check_ok", used);
        Assert.Contains("mysql_backup_server_up", used);
    }

    [Fact]
    public void Names_are_read_outside_strings_and_durations_and_grafana_variables_are_replaced()
    {
        var expr = PromQl.WithoutGrafanaVariables(
            "label_replace(rate(mysql_backup_x{backup=~\"$backup\",l=\"mysql_backup_in_string\"}[$__rate_interval]), \"b\", \"$1\", \"i\", "
                + "\"(.+)\") > on (backup) mysql_backup:t or up");
        Assert.Equal("label_replace(rate(mysql_backup_x{backup=~\"nightly\",l=\"mysql_backup_in_string\"}[5m]), \"b\", \"$1\", \"i\", "
            + "\"(.+)\") > on (backup) mysql_backup:t or up", expr);
        Assert.Equal(["mysql_backup:t", "mysql_backup_x", "up"], PromQl.Names(expr).Order(StringComparer.Ordinal).ToArray());
        Assert.True(PromQl.IsRecorded("mysql_backup:t"));
    }

    private static string Quoted(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";
}
