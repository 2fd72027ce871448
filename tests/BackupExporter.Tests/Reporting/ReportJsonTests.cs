using BackupExporter.Reporting;
using BackupExporter.Reporting.Retention;

namespace BackupExporter.Tests.Reporting;

/// <summary>/api/v1/status and <c>verify --output=json</c> are read by scripts: every key keeps its name, order and form.</summary>
public sealed class ReportJsonTests
{
    private static readonly DateTimeOffset Then = new(2026, 11, 30, 2, 0, 0, TimeSpan.Zero);

    private static string Golden => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reporting", "StatusReport.golden.json"));

    private static StatusReport Full()
    {
        var artifact = new ArtifactReport
        {
            Name = "nightly.sql.gz", Path = "/b/nightly.sql.gz", SizeBytes = 1234, Modified = Then, Time = Then.AddMinutes(-3),
            TimeSource = "recorded", Status = "ok",
            Checks = new Dictionary<string, CheckReport> { ["complete"] = new(true, null), ["checksum"] = new(false, "mismatch") },
            ServerVersion = "10.11.6-MariaDB", BinlogFile = "binlog.000004", BinlogPosition = 94169, Gtid = "0-1-42",
            BackupType = "full-backuped", Started = Then.AddMinutes(-5), DurationSeconds = 300,
        };
        var log = new LogReport
        {
            Source = "mysqldump", Path = "/var/log/nightly.log", Outcome = "failed", Started = Then, Ended = Then.AddMinutes(5),
            Errors = new Dictionary<string, long> { ["other"] = 2 }, LastErrorLine = "mariadb-dump: error", Unrecognised = ["strange line"],
            CronLastStart = Then.AddMinutes(-1), Problem = "a problem", Unreadable = true, MissedStarts = 1,
        };
        var drill = new DrillReport(
            new DrillRunReport
            {
                Verdict = "ok", Artifact = "/b/nightly.sql.gz", ArtifactTime = Then, Started = Then.AddHours(1), Ended = Then.AddHours(2),
                PhaseSeconds = new Dictionary<string, double> { ["total"] = 3600 }, TotalSeconds = 3600, Tables = 4, Rows = 1500,
                RestoredBytes = 1_048_576, Checks = [new DrillCheckReport("SELECT 1", "1", true, null)],
                Skipped = [new DrillSkippedReport("/b/partial.sql.gz", "its complete check failed: no footer")],
                Notes = ["table shop.old is gone"],
            },
            Then.AddHours(2), 1800, [new DrillOutcomeReport(Then.AddHours(1), Then.AddHours(2), "ok", null, 3600)], null);
        var offsite = new OffsiteReport
        {
            Name = "mirror", Remote = "mirror:/b", Up = true, LastListed = Then, LastCopy = Then.AddMinutes(10), LagSeconds = 60,
            MaxLagSeconds = 3600,
            Objects = 2, Bytes = 2468, Verify = "hash", VerifiedBy = "size", VerifyNote = "compared by size only",
            Missing = [new OffsiteArtifactReport("nightly-2.sql.gz", Then, "missing")],
            Mismatched = [new OffsiteArtifactReport("nightly-1.sql.gz", Then.AddDays(-1), "size differs")], Warnings = ["a warning"],
        };
        var recovery = new RecoveryReport
        {
            Summary = "nightly: restorable now to 01:57 (3 min ago) from nightly.sql.gz + binlogs, in about 14 min (3 drills, newest 48 h "
                + "ago); off-site to 2026-11-29 02:00; proven none; RPO 26 h met, RTO 1 h met",
            Points =
            [
                new RecoveryPointReport
                {
                    Scope = "local", Time = Then.AddMinutes(-3), Live = true, Artifact = "nightly.sql.gz", ArtifactTime = Then.AddHours(-1),
                    Extension = "binlogs", BinlogBytes = 4096,
                },
                new RecoveryPointReport { Scope = "proven", Extension = "none", Note = "no restore drill has passed" },
            ],
            RestoreSeconds = 840, RestoreDrills = 3, RestoreNewestDrill = Then.AddDays(-2), RpoSeconds = 93600, RtoSeconds = 3600,
            RpoMet = false, RpoBreached = ["offsite"], RtoMet = true,
        };
        var set = new BackupSetReport
        {
            Name = "nightly", Kind = "mysqldump", Path = "/b", Server = "db1", Severity = Severity.Critical,
            Reasons = [new Reason("overdue", Runbooks.Overdue)], Overdue = true, NextExpected = Then.AddDays(1),
            NewestFinished = artifact, LastSuccess = artifact, TimeSource = "recorded", Artifacts = new ArtifactCounts(1, 2, 3, 4096),
            FailedArtifacts = [new FailedArtifactReport("old.sql.gz", Then, Then.AddDays(-1), "complete", "cut")],
            Volume = new VolumeReport(100, 1000, 0.5),
            Pitr = new PitrReport(false, "binary logging is off", Then), Inspection = new InspectionReport(true, null, Then, Then, 0.25),
            Logs = [log], LastFailure = Then, Drill = drill, Offsite = [offsite], Recovery = recovery,
            Retention = new RetentionReport
            {
                Holds = false, MinGood = 7, GoodArtifacts = 5, WindowDays = 7, RestorableDays = 5, WindowStart = Then.AddDays(-6),
                FirstMissingDay = Then.AddDays(-4),
            },
            RemovedTooEarly = [new RemovedArtifactReport("nightly-0.sql.gz", 1200, Then.AddDays(-2), Then.AddHours(-3), Then.AddHours(-2),
                "/var/log/nightly.log: removed '/b/nightly-0.sql.gz'")],
            ChangeRate = new ChangeRateReport
            {
                CompressionRatio = 1.25, CompressionRatioMedian = 5.5, CompressionUnusual = true, SizeRatio = 4.5, SizeRatioMedian = 1.03,
                SizeUnusual = true, History = 14,
            },
        };
        var server = new ServerReport
        {
            Name = "db1", Up = true, Version = "10.11.6-MariaDB", Flavor = "mariadb", BinlogEnabled = true, BinlogFiles = 3,
            BinlogRetentionSeconds = 86400,
            OldestBinlog = Then.AddDays(-1), BlockedThreads = new Dictionary<string, int> { ["metadata_lock"] = 1 }, BackupSessions = 2,
            Problems = ["a server problem"], ErrorLog = log,
            BinlogArchive = new BinlogArchiveReport
            {
                Path = "/var/backups/binlogs/db1", ReachesTo = Then.AddMinutes(-3), From = "mysql-bin.000005", Files = 4, Bytes = 8192,
                LastGrowth = Then.AddMinutes(-20), Stalled = true, Gap = true, Problem = "mysql-bin.000004 is missing",
                Stall = "the archive has not grown", Damaged = ["mysql-bin.000002 is cut short"], Remote = "s3:binlogs/db1",
                OffsiteReachesTo = Then.AddHours(-1), OffsiteError = "rclone lsjson failed",
            },
            Recovery = recovery with { Points = [recovery.Points[0] with { Set = "nightly" }] },
        };
        var notYet = new ServerReport { Name = "db2", Error = "not inspected yet" };
        return new StatusReport("1.2.3", Then, true, Severity.Critical, [set], [server, notYet]);
    }

    [Fact]
    public void Every_report_field_is_served_under_its_key_in_the_order_and_bytes_of_the_agreed_answer()
    {
        Assert.Equal(Golden, ReportJson.Serialize(Full()));
    }
}
