using System.Text.Json;
using BackupExporter.IntegrationTests.Alerting;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Dashboards;

/// <summary>The Grafana dashboards import anywhere: a datasource input, a current schema, server and backup variables.</summary>
public sealed class DashboardTests
{
    public static TheoryData<string> Files => new(RepoPaths.Dashboards.Select(f => Path.GetFileName(f)));

    [Fact]
    public void There_is_an_overview_and_a_server_dashboard() =>
        Assert.Equal(["mysql-backup-overview.json", "mysql-backup-server.json"], RepoPaths.Dashboards.Select(f => Path.GetFileName(f)).ToArray());

    [Theory]
    [MemberData(nameof(Files))]
    public void Dashboard_is_importable_with_a_prometheus_input_and_variables(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(RepoPaths.Of("dashboards", file)));
        var root = json.RootElement;
        var input = root.GetProperty("__inputs").EnumerateArray().Single();
        Assert.Equal(("DS_PROMETHEUS", "datasource", "prometheus"),
            (input.GetProperty("name").GetString(), input.GetProperty("type").GetString(), input.GetProperty("pluginId").GetString()));
        Assert.True(root.GetProperty("schemaVersion").GetInt32() >= 39);
        Assert.False(string.IsNullOrEmpty(root.GetProperty("uid").GetString()));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("id").ValueKind);

        var variables = root.GetProperty("templating").GetProperty("list").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!);
        Assert.True(variables.ContainsKey("server") && variables.ContainsKey("backup"), string.Join(", ", variables.Keys));
        foreach (var v in variables.Values)
            Assert.Equal("${DS_PROMETHEUS}", v.GetProperty("datasource").GetProperty("uid").GetString());

        var panels = Expressions.Panels(root).ToList();
        Assert.True(panels.Count >= 10);
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        foreach (var panel in panels.Where(p => p.GetProperty("type").GetString() != "row"))
        {
            Assert.Equal("${DS_PROMETHEUS}", panel.GetProperty("datasource").GetProperty("uid").GetString());
            Assert.NotEmpty(panel.GetProperty("targets").EnumerateArray());
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
                Assert.Equal("${DS_PROMETHEUS}", target.GetProperty("datasource").GetProperty("uid").GetString());
        }
        // Every panel that shows sets follows the variables.
        foreach (var target in panels.Where(p => p.TryGetProperty("targets", out _)).SelectMany(p => p.GetProperty("targets").EnumerateArray()))
        {
            var expr = target.GetProperty("expr").GetString()!;
            if (expr.Contains("backup_check_ok", StringComparison.Ordinal) || expr.Contains("last_success", StringComparison.Ordinal))
                Assert.Contains("$backup", expr);
        }
    }

    [Fact]
    public void The_overview_shows_every_concern()
    {
        var exprs = string.Join('\n', Expressions.Dashboards.Where(e => e.Source.StartsWith("mysql-backup-overview", StringComparison.Ordinal)).Select(e => e.Expr));
        foreach (var metric in new[] { "mysql_backup_check_ok", "mysql_backup_last_success_age_seconds", "mysql_backup_next_expected_timestamp_seconds",
                     "mysql_backup_last_success_size_bytes", "mysql_backup_pitr_window_seconds", "mysql_backup_volume_headroom_ratio", "mysql_backup_log_errors" })
            Assert.Contains(metric, exprs);
        var server = string.Join('\n', Expressions.Dashboards.Where(e => e.Source.StartsWith("mysql-backup-server", StringComparison.Ordinal)).Select(e => e.Expr));
        foreach (var metric in new[] { "mysql_backup_binlog_enabled", "mysql_backup_binlog_retention_seconds", "mysql_backup_server:backup_interval_seconds",
                     "mysql_backup_blocked_threads", "mysql_backup_server_errors" })
            Assert.Contains(metric, server);
    }
}
