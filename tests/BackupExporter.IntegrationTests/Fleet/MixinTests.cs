using System.Text.Json;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Fleet;

/// <summary>
/// mixin/: built with Debian's jsonnet, it yields exactly the shipped rules and dashboards. The per-host rule files
/// and dashboards are its source (it reads them), the fleet rule files and the fleet dashboard are made from it
/// (mixin/build writes them): both directions are checked, and its _config is the one place to change.
/// </summary>
public sealed class MixinTests : IClassFixture<MixinTests.Build>
{
    private readonly Build _build;

    public MixinTests(Build build) => _build = build;

    /// <summary>One run of mixin/build into a directory of its own, shared by the tests.</summary>
    public sealed class Build : IDisposable
    {
        public Build()
        {
            Root = Directory.CreateTempSubdirectory("backup-exporter-mixin-").FullName;
            _ = FleetTools.Jsonnet;
            MonitoringTools.RunCheckedAsync(RepoPaths.Of("mixin", "build"), Root).GetAwaiter().GetResult();
        }

        public string Root { get; }

        public string Of(params string[] parts) => Path.Combine([Root, .. parts]);

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }

    public static TheoryData<string> Made => new(["alert-rules/fleet-rollups.rules.yml", "alert-rules/fleet.rules.yml",
        "dashboards/mysql-backup-fleet.json"]);

    [Theory]
    [MemberData(nameof(Made))]
    public void The_files_made_from_the_mixin_are_what_it_makes_now(string file)
    {
        var shipped = File.ReadAllText(RepoPaths.Of(file.Split('/')));
        Assert.True(shipped == File.ReadAllText(_build.Of(file.Split('/'))), $"{file} differs from what mixin/ makes: run mixin/build");
    }

    [Fact]
    public void Its_alerts_and_rules_are_exactly_the_groups_of_every_shipped_rule_file()
    {
        var shipped = new Dictionary<string, string>();
        foreach (var file in RepoPaths.RuleFiles)
            foreach (var group in Yaml.List(Yaml.Get(Yaml.Load(file), "groups")))
                shipped.Add(Yaml.Str(group, "name")!, Canonical(group));
        var made = new Dictionary<string, string>();
        foreach (var output in new[] { "prometheus_alerts.yaml", "prometheus_rules.yaml" })
            foreach (var group in Yaml.List(Yaml.Get(Yaml.Load(_build.Of("out", output)), "groups")))
                made.Add(Yaml.Str(group, "name")!, Canonical(group));
        Assert.True(shipped.Count >= 17, string.Join(", ", shipped.Keys));
        Assert.Equal(shipped.Keys.Order(StringComparer.Ordinal), made.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, text) in shipped)
            Assert.True(text == made[name], $"group {name}: the mixin's\n{made[name]}\nthe shipped file's\n{text}");

        // Alerts go to prometheusAlerts, groups of recording rules only to prometheusRules.
        var rules = Yaml.List(Yaml.Get(Yaml.Load(_build.Of("out", "prometheus_rules.yaml")), "groups"));
        Assert.All(rules, g => Assert.All(Yaml.List(Yaml.Get(g, "rules")), r => Assert.Null(Yaml.Get(r, "alert"))));
        Assert.Contains(rules, g => Yaml.Str(g, "name") == "mysql-backup-fleet-rollups");
    }

    [Fact]
    public async Task Its_output_passes_promtool()
    {
        var output = await MonitoringTools.RunCheckedAsync(MonitoringTools.Promtool, "check", "rules",
            _build.Of("out", "prometheus_alerts.yaml"), _build.Of("out", "prometheus_rules.yaml"));
        Assert.DoesNotContain("FAILED", output);
    }

    [Fact]
    public void Its_dashboards_are_exactly_the_shipped_dashboards()
    {
        var names = Directory.GetFiles(_build.Of("out", "dashboards_out"), "*.json").Select(Path.GetFileName)
            .Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(RepoPaths.Dashboards.Select(Path.GetFileName).ToArray(), names);
        foreach (var file in RepoPaths.Dashboards)
        {
            using var shipped = JsonDocument.Parse(File.ReadAllText(file));
            using var made = JsonDocument.Parse(File.ReadAllText(_build.Of("out", "dashboards_out", Path.GetFileName(file))));
            Assert.True(Canonical(shipped.RootElement) == Canonical(made.RootElement), $"{Path.GetFileName(file)}: the mixin's dashboard "
                + $"differs from the shipped one");
        }
    }

    [Fact]
    public async Task Its_config_is_the_one_place_for_grouping_labels_thresholds_and_the_recovery_point()
    {
        // A site's own grouping labels and recovery-point series change every rollup and nothing else.
        var expr = await Evaluate("""
            local m = (import 'mixin.libsonnet') + { _config+:: {
              groupLabels: ['datacenter'],
              sharedCauseMinHosts: 10,
              recoveryPoint+: { timestampMetric: null, ageMetric: 'mysql_backup_recovery_point_age_seconds',
                objectiveMetric: 'mysql_backup_rpo_seconds' },
            } };
            local rules = std.flattenArrays([g.rules for g in m.prometheusRules.groups + m.prometheusAlerts.groups]);
            {
              [r.record]: r.expr for r in rules if std.objectHas(r, 'record') && std.startsWith(r.record, 'mysql_backup_fleet:')
            } + {
              [r.alert]: r.expr for r in rules if std.objectHas(r, 'alert') && std.startsWith(r.alert, 'MysqlBackupFleet')
            }
            """);
        Assert.Contains("by (job, instance, datacenter, backup)", expr["mysql_backup_fleet:set_not_restorable"]);
        Assert.Contains("count by (datacenter) (", expr["mysql_backup_fleet:hosts_failing"]);
        Assert.DoesNotContain(expr.Values, e => e.Contains("team", StringComparison.Ordinal));
        Assert.Contains("max by (job, instance, datacenter, backup) (mysql_backup_recovery_point_age_seconds)",
            expr["mysql_backup_fleet:set_recovery_point_ratio"]);
        Assert.Contains("mysql_backup_rpo_seconds", expr["mysql_backup_fleet:set_recovery_point_ratio"]);
        Assert.Single(expr.Values, e => e.Contains("recovery_point_age_seconds", StringComparison.Ordinal));
        Assert.Contains(">= 10", expr["MysqlBackupFleetManyHostsFailing"]);
    }

    private static async Task<Dictionary<string, string>> Evaluate(string snippet)
    {
        var output = await MonitoringTools.RunCheckedAsync(FleetTools.Jsonnet, "-J", RepoPaths.Of("mixin"), "-e", snippet);
        return JsonSerializer.Deserialize<Dictionary<string, string>>(output[..(output.LastIndexOf('}') + 1)])!;
    }

    /// <summary>JSON as text with keys sorted, numbers as doubles (jsonnet writes 0.8 as 0.80000000000000004), strings unescaped.</summary>
    private static string Canonical(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => JsonSerializer.Serialize(p.Name) + ":" + Canonical(p.Value))) + "}",
        JsonValueKind.Array => "[" + string.Join(",", e.EnumerateArray().Select(Canonical)) + "]",
        JsonValueKind.Number => e.GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        JsonValueKind.String => JsonSerializer.Serialize(e.GetString()),
        _ => e.GetRawText(),
    };

    /// <summary>A YAML node as text with its maps' keys sorted and every scalar a string: equal content, equal text.</summary>
    private static string Canonical(object? node) => node switch
    {
        Dictionary<object, object?> d => "{" + string.Join(",", d.OrderBy(kv => (string)kv.Key, StringComparer.Ordinal)
            .Select(kv => JsonSerializer.Serialize((string)kv.Key) + ":" + Canonical(kv.Value))) + "}",
        List<object?> l => "[" + string.Join(",", l.Select(Canonical)) + "]",
        null => "null",
        var s => JsonSerializer.Serialize(s.ToString()),
    };
}
