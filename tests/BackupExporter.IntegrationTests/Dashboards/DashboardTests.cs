using System.Text.Json;
using BackupExporter.IntegrationTests.Alerting;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Dashboards;

/// <summary>
/// The Grafana dashboards work imported and provisioned from files alike: a datasource variable instead of an import
/// input, a current schema, server and backup variables, and the overview's first row answers "which sets are not
/// restorable now, and since when".
/// </summary>
public sealed class DashboardTests
{
    public static TheoryData<string> Files => new(RepoPaths.Dashboards.Select(f => Path.GetFileName(f)));

    private const string Datasource = "${datasource}";

    [Fact]
    public void There_is_a_fleet_an_overview_and_a_server_dashboard() =>
        Assert.Equal(["mysql-backup-fleet.json", "mysql-backup-overview.json", "mysql-backup-server.json"],
            RepoPaths.Dashboards.Select(f => Path.GetFileName(f)).ToArray());

    [Theory]
    [MemberData(nameof(Files))]
    public void Dashboard_has_a_datasource_variable_that_every_panel_and_variable_uses(string file)
    {
        var text = File.ReadAllText(RepoPaths.Of("dashboards", file));
        // An import input (${DS_...}) is replaced only by the import dialog: a provisioned file would keep it literally.
        Assert.DoesNotContain("${DS_", text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.False(root.TryGetProperty("__inputs", out _));
        Assert.True(root.GetProperty("schemaVersion").GetInt32() >= 39);
        Assert.False(string.IsNullOrEmpty(root.GetProperty("uid").GetString()));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("id").ValueKind);

        var list = root.GetProperty("templating").GetProperty("list").EnumerateArray().ToList();
        var datasource = list[0];
        Assert.Equal(("datasource", "datasource", "prometheus"),
            (datasource.GetProperty("name").GetString(), datasource.GetProperty("type").GetString(),
                datasource.GetProperty("query").GetString()));
        var variables = list.ToDictionary(v => v.GetProperty("name").GetString()!);
        // The per-host dashboards select sets; the fleet dashboard groups hosts (FleetDashboardTests).
        if (file == "mysql-backup-fleet.json")
            Assert.True(variables.ContainsKey("group"), string.Join(", ", variables.Keys));
        else
            Assert.True(variables.ContainsKey("server") && variables.ContainsKey("backup"), string.Join(", ", variables.Keys));
        foreach (var v in list.Skip(1).Where(v => v.GetProperty("type").GetString() == "query"))
            Assert.Equal(Datasource, v.GetProperty("datasource").GetProperty("uid").GetString());

        var panels = Expressions.Panels(root).ToList();
        Assert.True(panels.Count >= 10);
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        foreach (var panel in panels.Where(p => p.GetProperty("type").GetString() != "row"))
        {
            Assert.Equal(Datasource, panel.GetProperty("datasource").GetProperty("uid").GetString());
            Assert.NotEmpty(panel.GetProperty("targets").EnumerateArray());
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
                Assert.Equal(Datasource, target.GetProperty("datasource").GetProperty("uid").GetString());
        }
        // Every panel that shows sets follows the variables.
        foreach (var target in panels.Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()))
        {
            var expr = target.GetProperty("expr").GetString()!;
            if (expr.Contains("backup_check_ok", StringComparison.Ordinal) || expr.Contains("last_success", StringComparison.Ordinal))
                Assert.Contains("$backup", expr);
        }
    }

    [Fact]
    public void The_overview_starts_with_the_sets_not_restorable_now_and_since_when()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(RepoPaths.Of("dashboards", "mysql-backup-overview.json")));
        var top = json.RootElement.GetProperty("panels").EnumerateArray()
            .OrderBy(p => p.GetProperty("gridPos").GetProperty("y").GetInt32()).ThenBy(p => p.GetProperty("gridPos")
                .GetProperty("x").GetInt32()).ToList();
        Assert.Equal(("row", "Not restorable now, and since when"), (top[0].GetProperty("type").GetString(), top[0]
            .GetProperty("title").GetString()));
        var firstRow = top.Skip(1).TakeWhile(p => p.GetProperty("type").GetString() != "row").ToList();
        var table = Assert.Single(firstRow, p => p.GetProperty("type").GetString() == "table");
        var exprs = string.Join('\n', table.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()));
        // Why: a failed check, overdue, point-in-time recovery broken, no good artifact; since when: the newest good backup, the newest
        // failure.
        foreach (var metric in new[] { "mysql_backup_check_ok", "mysql_backup_overdue", "mysql_backup_pitr_ok", "mysql_backup_artifacts",
                                       "mysql_backup_last_success_timestamp_seconds", "mysql_backup_last_failure_timestamp_seconds" })
            Assert.Contains(metric, exprs);
        Assert.Contains(firstRow, p => p.GetProperty("type").GetString() == "state-timeline");
        Assert.Contains(firstRow, p => p.GetProperty("type").GetString() == "stat");
        // The answer against the promise: each set's recovery point age against its rpo.
        var objective = Assert.Single(firstRow, p => p.GetProperty("type").GetString() == "bargauge");
        var objectiveExpr = objective.GetProperty("targets")[0].GetProperty("expr").GetString()!;
        Assert.Contains("mysql_backup_recovery_point_timestamp_seconds", objectiveExpr);
        Assert.Contains("mysql_backup_rpo_seconds", objectiveExpr);
    }

    [Fact]
    public void The_overview_shows_every_concern()
    {
        var exprs = string.Join('\n',
            Expressions.Dashboards.Where(e => e.Source.StartsWith("mysql-backup-overview", StringComparison.Ordinal)).Select(e => e.Expr));
        foreach (var metric in new[] { "mysql_backup_check_ok", "mysql_backup_last_success_age_seconds",
                                       "mysql_backup_next_expected_timestamp_seconds", "mysql_backup_last_success_size_bytes",
                                       "mysql_backup_pitr_window_seconds", "mysql_backup_volume_headroom_ratio", "mysql_backup_log_errors",
                                       "mysql_backup_restore_test_ok", "mysql_backup_restore_test_last_success_age_seconds",
                                       "mysql_backup_restore_test_duration_seconds", "mysql_backup_rto_seconds",
                                       "mysql_backup_offsite_lag_seconds", "mysql_backup_offsite_mismatched_artifacts",
                                       "mysql_backup_offsite_up" })
            Assert.Contains(metric, exprs);
        var server = string.Join('\n',
            Expressions.Dashboards.Where(e => e.Source.StartsWith("mysql-backup-server", StringComparison.Ordinal)).Select(e => e.Expr));
        foreach (var metric in new[] { "mysql_backup_binlog_enabled", "mysql_backup_binlog_retention_seconds",
                                       "mysql_backup_server:backup_interval_seconds", "mysql_backup_blocked_threads",
                                       "mysql_backup_server_errors" })
            Assert.Contains(metric, server);
    }
}
