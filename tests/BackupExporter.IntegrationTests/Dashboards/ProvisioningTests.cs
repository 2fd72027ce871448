using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Dashboards;

/// <summary>The Grafana provisioning examples are what Grafana reads, and the documented commands match them.</summary>
public sealed class ProvisioningTests
{
    [Fact]
    public void The_dashboard_provider_reads_files_from_the_directory_the_instructions_copy_them_to()
    {
        var provider = Assert.Single(Yaml.Maps(Yaml.Load(RepoPaths.Of("deploy", "grafana", "provisioning", "dashboards",
            "backup-exporter.yml")), "providers"));
        Assert.Equal("file", provider["type"]);
        var path = Yaml.Str(provider["options"], "path");
        var readme = File.ReadAllText(RepoPaths.Of("deploy", "grafana", "README.md"));
        Assert.Contains($"install -m 0644 dashboards/*.json {path}/", readme);
        Assert.Contains("install -m 0644 deploy/grafana/provisioning/dashboards/backup-exporter.yml "
            + "/etc/grafana/provisioning/dashboards/", readme);
    }

    [Fact]
    public void The_example_datasource_is_a_prometheus_one()
    {
        var source = Assert.Single(Yaml.Maps(Yaml.Load(RepoPaths.Of("deploy", "grafana", "provisioning", "datasources", "prometheus.yml")),
            "datasources"));
        Assert.Equal("prometheus", source["type"]);
    }
}
