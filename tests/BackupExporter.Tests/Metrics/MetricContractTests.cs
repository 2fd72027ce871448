using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Drills;
using BackupExporter.Inspection.Logs;
using BackupExporter.Inspection.Offsite;
using BackupExporter.Inspection.Server;
using BackupExporter.Metrics;
using BackupExporter.Snapshots;
using BackupExporter.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace BackupExporter.Tests.Metrics;

/// <summary>
/// The exposition keeps to the metric contract: a snapshot with every part filled (a set with a server, a job log,
/// a cron log, a run status file; a server with binlogs, blocked threads and an error log) renders every family of
/// the contract, each with the contract's TYPE, HELP, labels and label values.
/// </summary>
public sealed class MetricContractTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly SnapshotExposition _exposition;

    public MetricContractTests()
    {
        var set = TestSets.Mysqldump("/b", name: "nightly", schedule: "0 2 * * *", grace: TimeSpan.FromHours(2))
            .WithRestoreTest(TimeSpan.FromHours(1)) with
        {
            Server = "db1",
            Offsite = [new OffsiteConfig("s3-eu", "s3eu:backups/nightly", null, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(2),
                TimeSpan.FromHours(6), OffsiteVerify.Size, null)],
        };
        var server = new ServerConfig("db1", "127.0.0.1", 3306, null, "monitor", null, null, "/var/lib/mysql", "/var/log/mysql/error.log",
            TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10));
        var jobLog = new LogConfig("/var/log/backup.log", LogKind.Mysqldump, "nightly", null, null,
            TimeSpan.FromMinutes(1), TimeZoneInfo.Utc);
        var cronLog = new LogConfig("/var/log/syslog", LogKind.Cron, "nightly", null, "backup.sh",
            TimeSpan.FromMinutes(1), TimeZoneInfo.Utc);
        var errorLog = new LogConfig("/var/log/mysql/error.log", LogKind.MysqlError, null, "db1", null,
            TimeSpan.FromMinutes(1), TimeZoneInfo.Utc);
        var config = new ExporterConfig("test.yml", GlobalConfig.Default, [server], [set]) { Logs = [jobLog, cronLog, errorLog] };
        string[] inspections = [InspectionNames.Backup("nightly"), InspectionNames.Server("db1"), InspectionNames.Run("nightly"),
            InspectionNames.Offsite("nightly", "s3-eu"),
            InspectionNames.Drill("nightly"), .. config.Logs.Select(l => InspectionNames.Log(l.Path))];
        var store = new SnapshotStore(config, inspections, Now);
        store.Reconfigure(config, inspections, Now);

        var facts = new ArtifactFacts(true, null, "mysqldump", "10.11.6-MariaDB", "binlog.000002", 4, null) { StartedAt = Now.AddHours(-10)
            .AddMinutes(-5), EndedAt = Now.AddHours(-10) };
        store.Publish(Ok(InspectionNames.Backup("nightly")), new BackupSetObservation("nightly", Now, null,
            [Artifact("a.sql.gz", Now.AddDays(-1), 100, true, facts), Artifact("b.sql.gz", Now.AddHours(-10), 120, true, facts),
                Artifact("c.sql.gz", Now.AddHours(-1), 0, false, null)],
            new VolumeObservation(1000, 4000), null, Now.AddDays(-2)));
        store.Publish(Ok(InspectionNames.Server("db1")), new ServerObservation("db1", Now, true, null, "10.11.6-MariaDB",
            ServerVersion.MariaDb, true,
            [new BinlogFile("binlog.000001", 10), new BinlogFile("binlog.000002", 20)], 86400, Now.AddDays(-3),
            new Dictionary<string, int> { ["metadata_lock"] = 2 }, 1, []));
        var failedRun = new RunSummary(0, Now.AddHours(-2), Now.AddHours(-1), RunOutcome.Failed, 2, null, false, 42, 1,
            new Dictionary<ErrorClass, long> { [ErrorClass.AccessDenied] = 1 }, [], "Access denied", 3, Now.AddHours(-2), Now.AddHours(-1));
        store.Publish(Ok(InspectionNames.Log(jobLog.Path)), new LogObservation(InspectionNames.Log(jobLog.Path), Now, jobLog, failedRun,
            failedRun, null, [], [], false, null, Now.AddDays(-2)));
        store.Publish(Ok(InspectionNames.Log(cronLog.Path)), new LogObservation(InspectionNames.Log(cronLog.Path), Now, cronLog, null, null,
            null, [], [Now.AddHours(-10)], false, null, Now.AddDays(-2)));
        store.Publish(Ok(InspectionNames.Log(errorLog.Path)), new LogObservation(InspectionNames.Log(errorLog.Path),
            Now, errorLog, null, null,
            new Dictionary<ErrorClass, long> { [ErrorClass.Corruption] = 1 }, [], [], false, null, Now.AddDays(-2)));
        store.Publish(Ok(InspectionNames.Run("nightly")), new RunStatusObservation(InspectionNames.Run("nightly"), "/run/status.json",
            new RunStatus(RunStatus.CurrentVersion, "nightly", "host", 1, ["backup.sh"], RunStatus.Failed, Now.AddHours(-2),
                Now.AddHours(-1), 3600, 2, null, false, null,
                new Dictionary<string, long> { ["disk_full"] = 1 }, [], [], null, null, null, []), null));
        store.Publish(Ok(InspectionNames.Drill("nightly")), new DrillObservation(InspectionNames.Drill("nightly"),
            "/state/drills/nightly.json",
            DrillHistory.Empty.With(TestDrills.Ok()), null));
        store.Publish(Ok(InspectionNames.Offsite("nightly", "s3-eu")), new OffsiteObservation("nightly", "s3-eu", Now, true, null, 2, 220,
            TimeSpan.FromSeconds(1.5),
            [new ArtifactCopy("b.sql.gz", Now.AddHours(-10), CopyState.Missing, "b.sql.gz is not on the remote"),
                new ArtifactCopy("a.sql.gz", Now.AddDays(-1), CopyState.Copied, null)],
            Now.AddDays(-1), Now.AddHours(-10), 1, 0, "size", null, 0, []));
        store.CountBytesRead(220);

        _exposition = new SnapshotExposition(Prometheus.Metrics.NewCustomRegistry(), store, new FakeTimeProvider(Now), "1.2.3");
    }

    private static InspectionStatus Ok(string name) => new(name, true, null, Now, Now, TimeSpan.FromMilliseconds(5));

    private static ArtifactObservation Artifact(string name, DateTimeOffset modified, long size, bool ok, ArtifactFacts? facts) =>
        new("/b/" + name, size, modified, false,
            new Dictionary<string, CheckResult>
            {
                [CheckNames.Complete] = new(ok, null),
                [CheckNames.Compression] = new(true, null),
                [CheckNames.Checksum] = new(true, null),
                [CheckNames.Size] = new(true, null),
            }, facts, CompressionFormat.Gzip);

    private async Task<string> ScrapeAsync()
    {
        using var body = new MemoryStream();
        await _exposition.WriteAsync(body, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(body.ToArray());
    }

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
        var file = Path.Combine(RepoRoot(), "docs", "metrics.md");

        Assert.True(MetricsDoc.Render() == File.ReadAllText(file), $"docs/metrics.md differs from the metric contract: "
            + $"run {MetricsDoc.Command}");
    }

    [Fact]
    public void The_last_failure_help_names_failed_runs_too()
    {
        Assert.Contains("failed run", Families.LastFailure.Help);
        Assert.Contains("failed run", Families.LastFailure.Doc);
    }

    private static string RepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "BackupExporter.sln")))
                return directory.FullName;
        throw new InvalidOperationException($"BackupExporter.sln not found above {AppContext.BaseDirectory}");
    }
}
