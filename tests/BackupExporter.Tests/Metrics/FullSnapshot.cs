using BackupExporter.Configuration;
using BackupExporter.Decoding;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Drills;
using BackupExporter.Inspection.Logs;
using BackupExporter.Inspection.Offsite;
using BackupExporter.Inspection.Reverification;
using BackupExporter.Inspection.Server;
using BackupExporter.Metrics;
using BackupExporter.Runs;
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
        var set = TestSets.Mysqldump("/b", name: "nightly", schedule: "0 2 * * *", grace: TimeSpan.FromHours(2))
            .WithRestoreTest(TimeSpan.FromHours(1)) with
        {
            Server = "db1",
            Rpo = TimeSpan.FromHours(26),
            Offsite = [new OffsiteConfig { Name = "s3-eu", Remote = "s3eu:backups/nightly" }], // interval 15m, timeout 2m, max_lag 6h
            Retention = new RetentionConfig(2, 2),
            Reverify = new ReverifyConfig(TimeSpan.FromDays(7), 50L << 20),
        };
        var server = new ServerConfig
        {
            Name = "db1", Host = "127.0.0.1", User = "monitor", BinlogDirectory = "/var/lib/mysql", ErrorLog = "/var/log/mysql/error.log",
            Interval = TimeSpan.FromMinutes(1), Timeout = TimeSpan.FromSeconds(10),
            BinlogArchive = new BinlogArchiveConfig { Path = "/var/backups/binlogs/db1", Remote = "s3eu:binlogs/db1" },
        };
        var jobLog = new LogConfig("/var/log/backup.log", LogKind.Mysqldump, "nightly", null, null,
            TimeSpan.FromMinutes(1), TimeZoneInfo.Utc);
        var cronLog = new LogConfig("/var/log/syslog", LogKind.Cron, "nightly", null, "backup.sh",
            TimeSpan.FromMinutes(1), TimeZoneInfo.Utc);
        var errorLog = new LogConfig("/var/log/mysql/error.log", LogKind.MysqlError, null, "db1", null,
            TimeSpan.FromMinutes(1), TimeZoneInfo.Utc);
        Config = new ExporterConfig("test.yml", GlobalConfig.Default, [server], [set]) { Logs = [jobLog, cronLog, errorLog] };
        string[] inspections = [InspectionNames.Backup("nightly"), InspectionNames.Server("db1"), InspectionNames.Run("nightly"),
            InspectionNames.Offsite("nightly", "s3-eu"), InspectionNames.Reverify("nightly"), InspectionNames.BinlogArchive("db1"),
            InspectionNames.Drill("nightly"), .. Config.Logs.Select(l => InspectionNames.Log(l.Path))];
        var store = new SnapshotStore(Config, inspections, Now);
        store.Reconfigure(Config, inspections, Now);

        var facts = new ArtifactFacts(true, null, "mysqldump", "10.11.6-MariaDB", "binlog.000002", 4, null) { StartedAt = Now.AddHours(-10)
            .AddMinutes(-5), EndedAt = Now.AddHours(-10) };
        store.Publish(Ok(InspectionNames.Backup("nightly")), new BackupSetObservation("nightly", Now, null,
            [Artifact("a.sql.gz", Now.AddDays(-1), 100, true, facts), Artifact("b.sql.gz", Now.AddHours(-10), 120, true, facts),
                Artifact("c.sql.gz", Now.AddHours(-1), 0, false, null)],
            new VolumeObservation(1000, 4000), null, Now.AddDays(-2)));
        store.Publish(Ok(InspectionNames.Server("db1")), new ServerObservation
        {
            Name = "db1", ObservedAt = Now, Up = true, Version = "10.11.6-MariaDB", Flavor = ServerVersion.MariaDb, BinlogEnabled = true,
            Binlogs = [new BinlogFile("binlog.000001", 10), new BinlogFile("binlog.000002", 20)], RetentionSeconds = 86400,
            OldestBinlogTime = Now.AddDays(-3), BlockedThreads = new Dictionary<string, int> { ["metadata_lock"] = 2 }, BackupSessions = 1,
        });
        store.Publish(Ok(InspectionNames.BinlogArchive("db1")), new BinlogArchiveObservation("db1", Now, null,
            [new ArchivedBinlog("binlog.000001", 10, Now.AddDays(-3), Now.AddDays(-1), true),
                new ArchivedBinlog("binlog.000002", 20, Now.AddDays(-1), Now.AddMinutes(-1), false)], Now.AddMinutes(-1))
        {
            Files = 2, Bytes = 30, ComparedWithServer = true, OffsiteUp = true, OffsiteListedAt = Now.AddMinutes(-5),
        });
        var failedRun = new RunSummary
        {
            StartOffset = 0, StartedAt = Now.AddHours(-2), EndedAt = Now.AddHours(-1), Outcome = RunOutcome.Failed, ExitCode = 2, Pid = 42,
            Attempt = 1, ErrorLines = new Dictionary<ErrorClass, long> { [ErrorClass.AccessDenied] = 1 }, LastErrorLine = "Access denied",
            Lines = 3, FirstObservedAt = Now.AddHours(-2), LastObservedAt = Now.AddHours(-1),
        };
        store.Publish(Ok(InspectionNames.Log(jobLog.Path)), new LogObservation
        {
            Name = InspectionNames.Log(jobLog.Path), ObservedAt = Now, Log = jobLog, NewestRun = failedRun, LastFailedRun = failedRun,
            FollowingSince = Now.AddDays(-2),
        });
        store.Publish(Ok(InspectionNames.Log(cronLog.Path)), new LogObservation
        {
            Name = InspectionNames.Log(cronLog.Path), ObservedAt = Now, Log = cronLog, JobStarts = [Now.AddHours(-10)],
            FollowingSince = Now.AddDays(-2),
        });
        store.Publish(Ok(InspectionNames.Log(errorLog.Path)), new LogObservation
        {
            Name = InspectionNames.Log(errorLog.Path), ObservedAt = Now, Log = errorLog,
            LinesSinceStart = new Dictionary<ErrorClass, long> { [ErrorClass.Corruption] = 1 }, FollowingSince = Now.AddDays(-2),
        });
        store.Publish(Ok(InspectionNames.Run("nightly")), new RunStatusObservation(InspectionNames.Run("nightly"), "/run/status.json",
            new RunStatus
            {
                Version = RunStatus.CurrentVersion, Backup = "nightly", Host = "host", WrapperPid = 1, Command = ["backup.sh"],
                Outcome = RunStatus.Failed,
                StartedAt = Now.AddHours(-2), EndedAt = Now.AddHours(-1), DurationSeconds = 3600, ExitCode = 2,
                ErrorLines = new Dictionary<string, long> { ["disk_full"] = 1 },
            }, null));
        store.Publish(Ok(InspectionNames.Drill("nightly")), new DrillObservation(InspectionNames.Drill("nightly"),
            "/state/drills/nightly.json",
            DrillHistory.Empty.With(TestDrills.Ok()), null));
        store.Publish(Ok(InspectionNames.Offsite("nightly", "s3-eu")), new OffsiteObservation
        {
            Backup = "nightly", Remote = "s3-eu", ObservedAt = Now, Up = true, Objects = 2, Bytes = 220,
            ListDuration = TimeSpan.FromSeconds(1.5),
            Artifacts =
            [
                new ArtifactCopy("b.sql.gz", Now.AddHours(-10), CopyState.Missing, "b.sql.gz is not on the remote"),
                new ArtifactCopy("a.sql.gz", Now.AddDays(-1), CopyState.Copied, null),
            ],
            LastCopy = Now.AddDays(-1), LagSince = Now.AddHours(-10), Missing = 1, VerifiedBy = "size",
        });
        store.Publish(Ok(InspectionNames.Reverify("nightly")), new ReverifyObservation("nightly", Now, TimeSpan.FromDays(7), 2, 1, 220,
            120, Now.AddDays(-6),
            [new ChangedArtifact("/b/gone-since.sql.gz", "/b/gone-since.sql.gz", "sha256", new string('a', 64), Now.AddDays(-1),
                new string('b', 64), Now.AddHours(-1))],
            [], 4096, null));
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
            }, facts, CompressionFormat.Gzip) { UncompressedBytes = ok ? size * 6 : null };

    public ExporterConfig Config { get; }

    public SnapshotExposition Exposition { get; }

    public async Task<string> ScrapeAsync()
    {
        using var body = new MemoryStream();
        await Exposition.WriteAsync(body, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(body.ToArray());
    }
}
