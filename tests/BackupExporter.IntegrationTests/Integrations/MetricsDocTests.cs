using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Integrations;

/// <summary>docs/metrics.md is what the exporter's own <c>docs metrics</c> command makes of its metric contract today.</summary>
public sealed class MetricsDocTests
{
    [Fact]
    public async Task Docs_metrics_md_is_what_the_exporter_prints_from_its_contract()
    {
        var made = await ProcessRunner.CheckedAsync("dotnet", ExporterProcess.Dll, "docs", "metrics");

        Assert.True(made == File.ReadAllText(RepoPaths.Of("docs", "metrics.md")),
            "docs/metrics.md differs from the metric contract: run scripts/generate-metrics-doc");
        Assert.Contains("| `mysql_backup_artifacts` | gauge | `status` = `ok`, `failed`, `in_progress` |", made, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_docs_command_is_not_in_the_usage()
    {
        var usage = await ProcessRunner.CheckedAsync("dotnet", ExporterProcess.Dll, "--help");

        Assert.DoesNotContain("docs metrics", usage, StringComparison.Ordinal);
    }
}
