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
/// A snapshot with every part filled, for one backup set with every feature on: a server (binlogs, blocked threads,
/// an error log), a job log, a cron log, a run status file, a restore drill and an off-site remote. The contract tests
/// check that it renders every family; the cardinality budget is measured on it.
/// </summary>
internal sealed class FullSnapshot
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    public FullSnapshot()
    {
        var set = TestSets.Mysqldump("/b", name: "nightly", schedule: "0 2 * * *", grace: TimeSpan.FromHours(2)).WithRestoreTest(TimeSpan.FromHours(1)) with
        {
            Server = "db1",
            Offsite = [new OffsiteConfig("s3-eu", "s3eu:backups/nightly", null, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(2), TimeSpan.FromHours(6), OffsiteVerify.Size, null)],
        };
        var server = new ServerConfig("db1", "127.0.0.1", 3306, null, "monitor", null, null, "/var/lib/mysql", "/var/log/mysql/error.log", TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10));
        var jobLog = new LogConfig("/var/log/backup.log", LogKind.Mysqldump, "nightly", null, null, TimeSpan.FromMinutes(1), TimeZoneInfo.Utc);
        var cronLog = new LogConfig("/var/log/syslog", LogKind.Cron, "nightly", null, "backup.sh", TimeSpan.FromMinutes(1), TimeZoneInfo.Utc);
        var errorLog = new LogConfig("/var/log/mysql/error.log", LogKind.MysqlError, null, "db1", null, TimeSpan.FromMinutes(1), TimeZoneInfo.Utc);
        Config = new ExporterConfig("test.yml", GlobalConfig.Default, [server], [set]) { Logs = [jobLog, cronLog, errorLog] };
        string[] inspections = [InspectionNames.Backup("nightly"), InspectionNames.Server("db1"), InspectionNames.Run("nightly"), InspectionNames.Offsite("nightly", "s3-eu"),
            InspectionNames.Drill("nightly"), .. Config.Logs.Select(l => InspectionNames.Log(l.Path))];
        var store = new SnapshotStore(Config, inspections, Now);
        store.Reconfigure(Config, inspections, Now);

        var facts = new ArtifactFacts(true, null, "mysqldump", "10.11.6-MariaDB", "binlog.000002", 4, null) { StartedAt = Now.AddHours(-10).AddMinutes(-5), EndedAt = Now.AddHours(-10) };
        store.Publish(Ok(InspectionNames.Backup("nightly")), new BackupSetObservation("nightly", Now, null,
            [Artifact("a.sql.gz", Now.AddDays(-1), 100, true, facts), Artifact("b.sql.gz", Now.AddHours(-10), 120, true, facts), Artifact("c.sql.gz", Now.AddHours(-1), 0, false, null)],
            new VolumeObservation(1000, 4000), null, Now.AddDays(-2)));
        store.Publish(Ok(InspectionNames.Server("db1")), new ServerObservation("db1", Now, true, null, "10.11.6-MariaDB", ServerVersion.MariaDb, true,
            [new BinlogFile("binlog.000001", 10), new BinlogFile("binlog.000002", 20)], 86400, Now.AddDays(-3),
            new Dictionary<string, int> { ["metadata_lock"] = 2 }, 1, []));
        var failedRun = new RunSummary(0, Now.AddHours(-2), Now.AddHours(-1), RunOutcome.Failed, 2, null, false, 42, 1,
            new Dictionary<ErrorClass, long> { [ErrorClass.AccessDenied] = 1 }, [], "Access denied", 3, Now.AddHours(-2), Now.AddHours(-1));
        store.Publish(Ok(InspectionNames.Log(jobLog.Path)), new LogObservation(InspectionNames.Log(jobLog.Path), Now, jobLog, failedRun, failedRun, null, [], [], false, null, Now.AddDays(-2)));
        store.Publish(Ok(InspectionNames.Log(cronLog.Path)), new LogObservation(InspectionNames.Log(cronLog.Path), Now, cronLog, null, null, null, [], [Now.AddHours(-10)], false, null, Now.AddDays(-2)));
        store.Publish(Ok(InspectionNames.Log(errorLog.Path)), new LogObservation(InspectionNames.Log(errorLog.Path), Now, errorLog, null, null,
            new Dictionary<ErrorClass, long> { [ErrorClass.Corruption] = 1 }, [], [], false, null, Now.AddDays(-2)));
        store.Publish(Ok(InspectionNames.Run("nightly")), new RunStatusObservation(InspectionNames.Run("nightly"), "/run/status.json",
            new RunStatus(RunStatus.CurrentVersion, "nightly", "host", 1, ["backup.sh"], RunStatus.Failed, Now.AddHours(-2), Now.AddHours(-1), 3600, 2, null, false, null,
                new Dictionary<string, long> { ["disk_full"] = 1 }, [], [], null, null, null, []), null));
        store.Publish(Ok(InspectionNames.Drill("nightly")), new DrillObservation(InspectionNames.Drill("nightly"), "/state/drills/nightly.json",
            DrillHistory.Empty.With(TestDrills.Ok()), null));
        store.Publish(Ok(InspectionNames.Offsite("nightly", "s3-eu")), new OffsiteObservation("nightly", "s3-eu", Now, true, null, 2, 220, TimeSpan.FromSeconds(1.5),
            [new ArtifactCopy("b.sql.gz", Now.AddHours(-10), CopyState.Missing, "b.sql.gz is not on the remote"), new ArtifactCopy("a.sql.gz", Now.AddDays(-1), CopyState.Copied, null)],
            Now.AddDays(-1), Now.AddHours(-10), 1, 0, "size", null, 0, []));
        store.CountBytesRead(220);

        Exposition = new SnapshotExposition(Prometheus.Metrics.NewCustomRegistry(), store, new FakeTimeProvider(Now), "1.2.3");
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

    public ExporterConfig Config { get; }

    public SnapshotExposition Exposition { get; }

    public async Task<string> ScrapeAsync()
    {
        using var body = new MemoryStream();
        await Exposition.WriteAsync(body, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(body.ToArray());
    }
}
