using System.Text.Json;
using BackupExporter.IntegrationTests.Alerting;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Dashboards;

/// <summary>
/// The fleet dashboard (made by the mixin): a host matrix, the ten worst recovery points, coverage per group, a
/// drill-down to the per-host overview, and nothing that draws a series per artifact or per raw metric, so that it
/// stays usable with hundreds of hosts.
/// </summary>
public sealed class FleetDashboardTests
{
    private static JsonDocument Load(string file) => JsonDocument.Parse(File.ReadAllText(RepoPaths.Of("dashboards", file)));

    private static readonly string[] GroupLabels = ["team", "region", "env"];

    [Fact]
    public void Every_panel_reads_the_fleet_rollups_only()
    {
        var exprs = Expressions.Dashboards.Where(e => e.Source.StartsWith("mysql-backup-fleet.json", StringComparison.Ordinal)).ToList();
        Assert.True(exprs.Count >= 10, $"{exprs.Count} expressions");
        foreach (var e in exprs)
        {
            var names = PromQl.Names(e.Expr);
            Assert.NotEmpty(names);
            // A raw metric has a series per set, check or artifact: a panel of 300 hosts would draw thousands of them.
            Assert.All(names, n => Assert.StartsWith("mysql_backup_fleet:", n));
        }
    }

    [Fact]
    public void It_has_datasource_and_group_variables_and_every_group_label_filters_every_panel()
    {
        using var json = Load("mysql-backup-fleet.json");
        var list = json.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray().ToList();
        Assert.Equal("datasource", list[0].GetProperty("type").GetString());
        var group = list.Single(v => v.GetProperty("name").GetString() == "group");
        Assert.Equal("custom", group.GetProperty("type").GetString());
        Assert.Equal("team,region,env,instance", group.GetProperty("query").GetString());
        foreach (var label in GroupLabels)
            Assert.Contains(list, v => v.GetProperty("name").GetString() == label && v.GetProperty("allValue").GetString() == ".*");
        foreach (var panel in Expressions.Panels(json.RootElement).Where(p => p.TryGetProperty("targets", out _)))
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                var expr = target.GetProperty("expr").GetString()!;
                foreach (var label in GroupLabels)
                    Assert.Contains($"{label}=~\"${label}\"", expr);
            }
    }

    [Fact]
    public void It_shows_hosts_by_state_the_worst_recovery_points_and_coverage_per_group_with_a_drill_down()
    {
        using var json = Load("mysql-backup-fleet.json");
        var panels = Expressions.Panels(json.RootElement).ToDictionary(p => p.GetProperty("title").GetString()!);
        string Exprs(string title) => string.Join('\n', panels[title].GetProperty("targets").EnumerateArray()
            .Select(t => t.GetProperty("expr").GetString()));

        var matrix = panels["Hosts by state"];
        Assert.Equal("table", matrix.GetProperty("type").GetString());
        foreach (var state in new[] { "host_sets_not_restorable", "host_sets_overdue", "host_worst_recovery_point_ratio",
            "host_sets_drilled", "host_sets_offsite", "host_exporter_healthy" })
            Assert.Contains("mysql_backup_fleet:" + state, Exprs("Hosts by state"));
        Assert.StartsWith("topk(10, mysql_backup_fleet:set_recovery_point_ratio", Exprs("Top 10 worst recovery points"));
        Assert.Contains("sum by ($group) (mysql_backup_fleet:host_sets_drilled", Exprs("Drill coverage per $group"));
        Assert.Contains("sum by ($group) (mysql_backup_fleet:host_sets_offsite", Exprs("Off-site coverage per $group"));

        // The host's name opens the per-host overview with that host selected; the overview has the variable.
        var link = matrix.GetProperty("fieldConfig").GetProperty("overrides").EnumerateArray()
            .Single(o => o.GetProperty("matcher").GetProperty("options").GetString() == "instance")
            .GetProperty("properties")[0].GetProperty("value")[0].GetProperty("url").GetString()!;
        Assert.StartsWith("/d/mysql-backup-overview/", link);
        Assert.Contains("var-instance=${__data.fields.instance}", link);
        using var overview = Load("mysql-backup-overview.json");
        Assert.Equal("mysql-backup-overview", overview.RootElement.GetProperty("uid").GetString());
        var instance = overview.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Single(v => v.GetProperty("name").GetString() == "instance");
        Assert.Equal(".*", instance.GetProperty("allValue").GetString());
        // Every panel of the overview that shows sets follows it.
        foreach (var e in Expressions.Panels(overview.RootElement).Where(p => p.TryGetProperty("targets", out _))
                     .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!))
            if (e.Contains("$backup", StringComparison.Ordinal))
                Assert.Contains("instance=~\"$instance\"", e);
    }
}
