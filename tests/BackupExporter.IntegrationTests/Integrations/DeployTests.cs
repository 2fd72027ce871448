using BackupExporter.IntegrationTests.Alerting;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Integrations;

/// <summary>
/// deploy/kubernetes and deploy/systemd: the PrometheusRule is what scripts/generate-prometheusrule makes of
/// alert-rules/ today, the manifests are whole, the example configuration is valid for the exporter, the systemd
/// unit is hardened.
/// </summary>
public sealed class DeployTests
{
    private static string Kubernetes(string file) => RepoPaths.Of("deploy", "kubernetes", file);

    [Fact]
    public async Task The_PrometheusRule_is_made_from_the_rule_files_of_today()
    {
        var dir = Directory.CreateTempSubdirectory("backup-exporter-k8s-").FullName;
        try
        {
            var made = Path.Combine(dir, "prometheusrule.yml");
            await MonitoringTools.RunCheckedAsync(RepoPaths.Of("scripts", "generate-prometheusrule"), made);
            Assert.True(File.ReadAllText(made) == File.ReadAllText(Kubernetes("prometheusrule.yml")),
                "deploy/kubernetes/prometheusrule.yml differs from alert-rules/: run scripts/generate-prometheusrule");

            // Its groups are the rule files' groups, and Prometheus accepts them.
            var resource = Yaml.Load(made);
            Assert.Equal("PrometheusRule", Yaml.Str(resource, "kind"));
            var groups = Yaml.List(Yaml.Get(Yaml.Get(resource, "spec"), "groups"));
            var rules = RuleSet.Load();
            Assert.Equal(rules.Select(r => r.Group).Distinct().Order(StringComparer.Ordinal), groups.Select(g => Yaml.Str(g, "name")!)
                .Order(StringComparer.Ordinal));
            Assert.Equal(rules.Count, groups.Sum(g => Yaml.List(Yaml.Get(g, "rules")).Count));
            var asRuleFile = Path.Combine(dir, "spec.rules.yml");
            var text = File.ReadAllLines(made).SkipWhile(l => l != "spec:").Skip(1).Select(l => l.Length >= 2 ? l[2..] : l);
            await File.WriteAllLinesAsync(asRuleFile, text);
            var output = await MonitoringTools.RunCheckedAsync(MonitoringTools.Promtool, "check", "rules", asRuleFile);
            Assert.Contains($"SUCCESS: {rules.Count} rules found", output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_manifests_are_whole_and_their_configuration_is_valid()
    {
        var kinds = new List<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.Of("deploy", "kubernetes"), "*.yml"))
            foreach (var doc in Yaml.LoadAll(file))
            {
                Assert.False(string.IsNullOrEmpty(Yaml.Str(doc, "apiVersion")), file);
                kinds.Add(Yaml.Str(doc, "kind")!);
            }
        foreach (var kind in new[] { "Deployment", "Service", "ConfigMap", "PrometheusRule", "ServiceMonitor" })
            Assert.Contains(kind, kinds);

        var deployment = Yaml.LoadAll(Kubernetes("deployment.yml")).Single(d => Yaml.Str(d, "kind") == "Deployment");
        var pod = Yaml.Get(Yaml.Get(deployment, "spec"), "template");
        Assert.Equal("True", Yaml.Get(Yaml.Get(Yaml.Get(pod, "spec"), "securityContext"), "runAsNonRoot")?.ToString(),
            StringComparer.OrdinalIgnoreCase);
        var container = Yaml.List(Yaml.Get(Yaml.Get(pod, "spec"), "containers")).Single();
        var backups = Yaml.List(Yaml.Get(container, "volumeMounts")).Single(m => Yaml.Str(m, "name") == "backups");
        Assert.Equal("true", Yaml.Get(backups, "readOnly")?.ToString(), StringComparer.OrdinalIgnoreCase);

        var configMap = Yaml.LoadAll(Kubernetes("configmap.yml")).Single();
        var config = Path.Combine(Path.GetTempPath(), $"backup-exporter-k8s-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(config, Yaml.Str(Yaml.Get(configMap, "data"), "backup-exporter.yml"));
        try
        {
            var (exitCode, stdout, stderr) = await ExporterProcess.RunCliAsync("check-config", "--config.file=" + config);
            Assert.True(exitCode == 0, stdout + stderr);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public void The_systemd_unit_runs_as_its_own_user_with_a_read_only_system()
    {
        var unit = File.ReadAllLines(RepoPaths.Of("deploy", "systemd", "backup-exporter.service"))
            .Where(l => l.Contains('=') && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .GroupBy(p => p[0], p => p[1])
            .ToDictionary(g => g.Key, g => g.Last());
        Assert.Equal("backup-exporter", unit["User"]);
        Assert.Equal("strict", unit["ProtectSystem"]);
        Assert.Equal("yes", unit["NoNewPrivileges"]);
        Assert.Equal("yes", unit["PrivateTmp"]);
        Assert.Equal("", unit["CapabilityBoundingSet"]);
        Assert.Contains("/etc/backup-exporter", unit["ReadOnlyPaths"]);
        Assert.Contains("--config.file=/etc/backup-exporter/backup-exporter.yml", unit["ExecStart"]);
        Assert.Equal("/bin/kill -HUP $MAINPID", unit["ExecReload"]);
    }
}
