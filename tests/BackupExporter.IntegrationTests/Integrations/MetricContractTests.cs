using BackupExporter.IntegrationTests.Fixtures;
using BackupExporter.Metrics;

namespace BackupExporter.IntegrationTests.Integrations;

/// <summary>
/// The /metrics of a running exporter over a real MariaDB server, real dumps and logs keeps to the metric contract,
/// and every family of the contract is in it.
/// </summary>
[Collection(ExporterWithServerCollection.Name)]
public sealed class MetricContractTests(ExporterWithServer exporter)
{
    [Fact]
    public void The_exposition_keeps_to_the_contract()
    {
        var (problems, _) = ContractCheck.Check(exporter.Metrics);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Every_family_of_the_contract_is_exposed()
    {
        var (_, seen) = ContractCheck.Check(exporter.Metrics);

        // A contract metric not exported yet is listed, and checked to be really absent, in NotExportedYet.
        var absent = MetricContract.All.Select(f => f.Name).Except(seen).Except(Alerting.NotExportedYet.Names).ToList();
        Assert.True(absent.Count == 0, "absent from /metrics: " + string.Join(", ", absent));
    }
}
