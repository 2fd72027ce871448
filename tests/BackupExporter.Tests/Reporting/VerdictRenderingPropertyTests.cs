using System.Buffers;
using System.Text;
using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Logs;
using BackupExporter.Inspection.Server;
using BackupExporter.Metrics;
using BackupExporter.Reporting;
using BackupExporter.Snapshots;
using BackupExporter.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;
using BackupExporter.Decoding;
using BackupExporter.Runs;

namespace BackupExporter.Tests.Reporting;

/// <summary>
/// Random observations of a set (artifacts with passing and failing checks, in progress or empty, a volume, a
/// server's binlogs, a failed job-log run, a failed run of the wrapper, a cron log) rendered as /metrics and as the
/// status report at the same random moment after the inspection: every value both show is the same.
/// </summary>
[Subject(typeof(StatusReporter))]
public sealed class VerdictRenderingPropertyTests
{
    private static readonly DateTimeOffset Observed = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Schedules = ["", "0 * * * *", "0 2 * * *", "30 3 * * 1-5"];
    private static readonly string[] CheckNamesUsed = [CheckNames.Complete, CheckNames.Compression, CheckNames.Checksum];

    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(300);

    [Fact]
    public void Metrics_and_the_status_report_render_the_same_verdicts() =>
        Check.One(Runs, Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var (store, minutesLater) = Scenario(new Random(seed));
            var now = Observed.AddMinutes(minutesLater);
            var metrics = Render(store, now);
            var report = Assert.Single(StatusReporter.Report(store.Current, now, "test").Backups);
            AssertSame(metrics, report, now, seed);
            return true;
        }));

    private static void AssertSame(string metrics, BackupSetReport r, DateTimeOffset now, int seed)
    {
        double? Metric(string series) => MetricsText.Value(metrics, series.Replace("{}", "{backup=\"nightly\"}", StringComparison.Ordinal));
        void Same(double? expected, string series) =>
            Assert.True(Nullable.Equals(expected, Metric(series)), $"seed {seed}: {series} is {Metric(series)?.ToString() ?? "absent"}, "
                + $"the report says {expected?.ToString() ?? "absent"}");
        double Seconds(DateTimeOffset? t) => t is { } v ? v.ToUnixTimeMilliseconds() / 1000.0 : 0;

        Same(Seconds(r.LastSuccess?.Modified), "mysql_backup_last_success_timestamp_seconds{}");
        Same(Seconds(now) - Seconds(r.LastSuccess?.Modified), "mysql_backup_last_success_age_seconds{}");
        Same(r.LastSuccess?.SizeBytes ?? 0, "mysql_backup_last_success_size_bytes{}");
        Same(Seconds(r.LastFailure), "mysql_backup_last_failure_timestamp_seconds{}");
        Same(r.Artifacts!.Ok, "mysql_backup_artifacts{backup=\"nightly\",status=\"ok\"}");
        Same(r.Artifacts.Failed, "mysql_backup_artifacts{backup=\"nightly\",status=\"failed\"}");
        Same(r.Artifacts.InProgress, "mysql_backup_artifacts{backup=\"nightly\",status=\"in_progress\"}");
        Same(r.Artifacts.RetainedBytes, "mysql_backup_retained_bytes{}");
        Same(r.Artifacts.InProgress > 0 ? 1 : 0, "mysql_backup_running{}");
        Same(r.Overdue is { } overdue ? overdue ? 1 : 0 : null, "mysql_backup_overdue{}");
        Same(r.NextExpected is { } next ? Seconds(next) : null, "mysql_backup_next_expected_timestamp_seconds{}");
        Same(r.Volume?.HeadroomRatio, "mysql_backup_volume_headroom_ratio{}");
        Same(r.Pitr is { } pitr ? pitr.Ok ? 1 : 0 : null, "mysql_backup_pitr_ok{}");
        Same(r.Pitr is { } p ? p.WindowStart is { } start ? Seconds(now) - Seconds(start) : 0 : null, "mysql_backup_pitr_window_seconds{}");
        Same(r.Logs.FirstOrDefault(l => l.Source == "cron")?.MissedStarts, "mysql_backup_cron_missed_runs{}");
        foreach (var check in CheckNamesUsed.Append(CheckNames.Size))
        {
            double? expected = r.NewestFinished?.Checks.TryGetValue(check, out var result) == true ? result.Ok ? 1 : 0 : null;
            Same(expected, $"mysql_backup_check_ok{{backup=\"nightly\",check=\"{check}\"}}");
        }
        // The page's verdict on the newest artifact is the metrics' too: a critical reason names the failed check.
        if (r.NewestFinished is { } newest && newest.Checks.FirstOrDefault(c => !c.Value.Ok) is { Key: { } failed })
            Assert.Contains(r.Reasons, reason => reason.Text.Contains($"failed {failed}", StringComparison.Ordinal));
    }

    private static string Render(SnapshotStore store, DateTimeOffset now)
    {
        var exposition = new SnapshotExposition(Prometheus.Metrics.NewCustomRegistry(), store, new FakeTimeProvider(now), "test");
        var buffer = new ArrayBufferWriter<byte>();
        exposition.WriteBackupSets(buffer, now);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static (SnapshotStore Store, int MinutesLater) Scenario(Random random)
    {
        var schedule = Schedules[random.Next(Schedules.Length)];
        var set = TestSets.Mysqldump("/b", schedule: schedule.Length > 0 ? schedule : null,
            grace: TimeSpan.FromMinutes(random.Next(0, 180)),
            minSize: random.Next(2) * 500, maxShrink: random.Next(2) == 0 ? null : 0.5) with { Server = "db1", Log =
                "/var/log/backup.log" };
        var jobLog = new LogConfig("/var/log/backup.log", LogKind.Mysqldump, "nightly", null, null,
            TimeSpan.FromMinutes(1), TimeZoneInfo.Utc);
        var cronLog = new LogConfig("/var/log/syslog", LogKind.Cron, "nightly", null, "backup.sh",
            TimeSpan.FromMinutes(1), TimeZoneInfo.Utc);
        var server = new ServerConfig
        {
            Name = "db1", Host = "127.0.0.1", User = "u", Interval = TimeSpan.FromMinutes(1), Timeout = TimeSpan.FromSeconds(10),
        };
        var config = new ExporterConfig("test.yml", GlobalConfig.Default, [server], [set]) { Logs = [jobLog, cronLog] };
        string[] names = [InspectionNames.Backup("nightly"), InspectionNames.Server("db1"), InspectionNames.Run("nightly"),
            InspectionNames.Log(jobLog.Path), InspectionNames.Log(cronLog.Path)];
        var store = new SnapshotStore(config, names, Observed);
        store.Reconfigure(config, names, Observed);

        var artifacts = Enumerable.Range(0, random.Next(0, 7)).Select(_ => Artifact(random)).OrderBy(a => a.ModifiedTime).ToList();
        var volume = random.Next(3) == 0 ? null : new VolumeObservation(random.Next(0, 100_000), 200_000);
        var pathProblem = random.Next(10) == 0 ? "directory /b does not exist" : null;
        store.Publish(Ok(names[0]), new BackupSetObservation("nightly", Observed, pathProblem, pathProblem is null ? artifacts : [],
            pathProblem is null ? volume : null, null,
            Observed.AddDays(-random.Next(0, 5))));

        var binlogs = Enumerable.Range(random.Next(1, 4), random.Next(0, 4)).Select(n => new BinlogFile($"binlog.{n:D6}", 100)).ToList();
        store.Publish(Ok(names[1]), random.Next(5) == 0
            ? ServerObservation.Down("db1", Observed, "refused", [])
            : new ServerObservation
            {
                Name = "db1", ObservedAt = Observed, Up = true, Version = "10.11.6-MariaDB", Flavor = ServerVersion.MariaDb,
                BinlogEnabled = random.Next(6) != 0, Binlogs = binlogs, RetentionSeconds = 0,
            });

        if (random.Next(2) == 0)
        {
            var end = Observed.AddHours(-random.Next(1, 72));
            store.Publish(Ok(names[2]), new RunStatusObservation(names[2], "/run/status.json",
                new RunStatus
                {
                    Version = RunStatus.CurrentVersion, Backup = "nightly", Host = "host", WrapperPid = 1, Command = ["backup.sh"],
                    Outcome = random.Next(2) == 0 ? RunStatus.Failed : RunStatus.Succeeded, StartedAt = end.AddMinutes(-5), EndedAt = end,
                    DurationSeconds = 300, ExitCode = 1, ErrorLines = new Dictionary<string, long>(),
                }, null));
        }
        var failedRun = random.Next(2) == 0 ? null : FailedRun(Observed.AddHours(-random.Next(1, 72)));
        store.Publish(Ok(names[3]), new LogObservation
        {
            Name = names[3], ObservedAt = Observed, Log = jobLog, NewestRun = failedRun, LastFailedRun = failedRun,
            FollowingSince = Observed.AddDays(-3),
        });
        var starts = Enumerable.Range(0, random.Next(0, 5)).Select(_ => Observed.AddMinutes(-random.Next(0, 4 * 24 * 60))).Order().ToList();
        store.Publish(Ok(names[4]), new LogObservation
        {
            Name = names[4], ObservedAt = Observed, Log = cronLog, JobStarts = starts,
            FollowingSince = Observed.AddDays(-random.Next(0, 4)),
        });
        return (store, random.Next(0, 3 * 24 * 60));
    }

    private static ArtifactObservation Artifact(Random random)
    {
        var modified = Observed.AddMinutes(-random.Next(0, 5 * 24 * 60));
        if (random.Next(8) == 0)
            return new ArtifactObservation("/b/" + Guid.NewGuid().ToString("N"), random.Next(0, 2000), modified, true,
                new Dictionary<string, CheckResult>(), null, CompressionFormat.Gzip);
        var size = random.Next(6) == 0 ? 0 : random.Next(1, 2000);
        var checks = CheckNamesUsed.ToDictionary(c => c, c => random.Next(5) == 0 ? CheckResult.Fail($"{c} broken") : CheckResult.Pass());
        var binlog = random.Next(3) == 0 ? null : $"binlog.{random.Next(1, 6):D6}";
        return new ArtifactObservation("/b/" + Guid.NewGuid().ToString("N"), size, modified, false, checks,
            new ArtifactFacts(true, null, "mysqldump", null, binlog, binlog is null ? null : 4, null), CompressionFormat.Gzip);
    }

    private static RunSummary FailedRun(DateTimeOffset end) => new()
    {
        StartOffset = 0, StartedAt = end.AddMinutes(-10), EndedAt = end, Outcome = RunOutcome.Failed, ExitCode = 2, Pid = 42, Attempt = 1,
        ErrorLines = new Dictionary<ErrorClass, long> { [ErrorClass.AccessDenied] = 1 }, LastErrorLine = "Access denied", Lines = 3,
        FirstObservedAt = end.AddMinutes(-10), LastObservedAt = end,
    };

    private static InspectionStatus Ok(string name) => new(name, true, null, Observed, Observed, TimeSpan.FromMilliseconds(5));
}
