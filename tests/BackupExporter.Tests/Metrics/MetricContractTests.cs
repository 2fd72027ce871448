using BackupExporter.Inspection.Logs;
using BackupExporter.Inspection.Server;
using BackupExporter.Metrics;
using BackupExporter.Reporting;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Metrics;

/// <summary>
/// The exposition keeps to the metric contract: a snapshot with every part filled (a set with a server, a job log,
/// a cron log, a run status file; a server with binlogs, blocked threads and an error log) renders every family of
/// the contract, each with the contract's TYPE, HELP, labels and label values.
/// </summary>
public sealed class MetricContractTests
{
    private readonly FullSnapshot _snapshot = new();

    private Task<string> ScrapeAsync() => _snapshot.ScrapeAsync();

    [Fact]
    public async Task Every_family_of_a_full_snapshot_keeps_to_the_contract()
    {
        var (problems, _) = ContractCheck.Check(await ScrapeAsync());

        Assert.Empty(problems);
    }

    [Fact]
    public async Task Every_family_of_the_contract_is_exposed_for_a_full_snapshot()
    {
        var (_, seen) = ContractCheck.Check(await ScrapeAsync());

        var absent = MetricContract.All.Select(f => f.Name).Except(seen).ToList();
        // The predicted restore time exists only where the drill history can be fitted; while the fit is not there
        // (RestorePrediction gives nothing for any history), it cannot be exposed, and only then is it let off.
        if (RestorePrediction.Predict([TestDrills.Ok()], 1_000_000, 1_000) is null)
            absent.Remove(RecoveryFamilies.RestorePredicted.Name);
        Assert.True(absent.Count == 0, "absent from the exposition: " + string.Join(", ", absent));
    }

    [Fact]
    public void The_check_names_each_departure_from_the_contract()
    {
        var text = """
            # HELP mysql_backup_artifacts Something else.
            # TYPE mysql_backup_artifacts counter
            mysql_backup_artifacts{backup="a",status="lost"} 1
            mysql_backup_artifacts{backup="a"} 1
            mysql_backup_made_up 1
            """;

        var (problems, _) = ContractCheck.Check(text);

        Assert.Equal(
        [
            "mysql_backup_artifacts: HELP \"Something else.\", the contract says \"" + Families.Artifacts.Help + "\"",
            "mysql_backup_artifacts: TYPE counter, the contract says gauge",
            "mysql_backup_artifacts: status=\"lost\" is not one of ok, failed, in_progress",
            "mysql_backup_artifacts: labels (backup), the contract says (backup, status)",
            "mysql_backup_made_up: not in the contract (mysql_backup_made_up 1)",
        ], problems);
    }

    [Fact]
    public void Enumerated_labels_allow_the_values_the_code_produces()
    {
        Assert.Equal(ErrorClasses.All.Select(ErrorClasses.Label), MetricLabels.Class.Values);
        Assert.Equal(["ok", "failed", "in_progress"], MetricLabels.Status.Values);
        Assert.Equal(ServerObservation.Waits.Select(w => w.Label), MetricLabels.Wait.Values);
        Assert.Contains("xtrabackup_history", MetricLabels.Kind.Values!);
    }

    [Fact]
    public void Docs_metrics_md_is_what_the_contract_makes()
    {
        var file = Path.Combine(RepositoryRoot.Find(), "docs", "metrics.md");

        Assert.True(MetricsDoc.Render() == File.ReadAllText(file), $"docs/metrics.md differs from the metric contract: "
            + $"run {MetricsDoc.Command}");
    }

    [Fact]
    public void The_last_failure_help_names_failed_runs_too()
    {
        Assert.Contains("failed run", Families.LastFailure.Help);
        Assert.Contains("failed run", Families.LastFailure.Doc);
    }
}
