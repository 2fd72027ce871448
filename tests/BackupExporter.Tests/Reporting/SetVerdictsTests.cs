using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Logs;
using BackupExporter.Reporting;
using BackupExporter.Tests.Support;
using BackupExporter.Decoding;

namespace BackupExporter.Tests.Reporting;

public sealed class SetVerdictsTests
{
    private static readonly DateTimeOffset Observed = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static ArtifactObservation Dump(string name, DateTimeOffset modified, bool complete = true) =>
        new("/b/" + name, 100, modified, false,
            new Dictionary<string, CheckResult> { [CheckNames.Complete] = complete ? CheckResult.Pass() : CheckResult.Fail("cut off") },
            null, CompressionFormat.None);

    private static BackupSetParts Parts(BackupSetConfig set, params ArtifactObservation[] artifacts) =>
        new(set, new BackupSetObservation(set.Name, Observed, null, artifacts, null, null, Observed.AddDays(-7)), null, null, null, []);

    [Fact]
    public void Overdue_is_decided_at_the_moment_asked_not_at_the_inspection()
    {
        // Daily at 02:00 with an hour's grace: after the 02:10 backup of the 25th the next is due by 03:00 on the 26th.
        var parts = Parts(TestSets.Mysqldump("/b", schedule: "0 2 * * *", grace: TimeSpan.FromHours(1)),
            Dump("a", Observed.AddHours(-9).AddMinutes(-50)));

        var atInspection = SetVerdicts.Decide(parts, Observed);
        var nextDay = SetVerdicts.Decide(parts, new DateTimeOffset(2026, 11, 26, 3, 0, 1, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero), atInspection.NextExpected);
        Assert.False(atInspection.Overdue);
        Assert.Equal(Severity.Ok, atInspection.Severity);
        Assert.True(nextDay.Overdue);
        Assert.Equal(Severity.Critical, nextDay.Severity);
        Assert.StartsWith("overdue: a good backup was due by 2026-11-26 03:00:00Z", Assert.Single(nextDay.Reasons).Text);
    }

    [Fact]
    public void Without_a_good_artifact_the_deadline_counts_from_when_the_inspection_began()
    {
        var parts = Parts(TestSets.Mysqldump("/b", schedule: "0 2 * * *", grace: TimeSpan.FromHours(1)),
            Dump("a", Observed.AddHours(-1), complete: false));

        var verdict = SetVerdicts.Decide(parts, Observed);

        Assert.Null(verdict.LastSuccess);
        Assert.Equal(new DateTimeOffset(2026, 11, 19, 3, 0, 0, TimeSpan.Zero), verdict.NextExpected); // watching since the 18th, 12:00
        Assert.True(verdict.Overdue);
    }

    [Fact]
    public void The_last_failure_is_the_newest_of_a_failed_artifact_and_a_failed_run()
    {
        var set = TestSets.Mysqldump("/b");
        var log = new LogConfig("/var/log/backup.log", LogKind.Mysqldump, set.Name, null, null, TimeSpan.FromMinutes(1), TimeZoneInfo.Utc);
        var runEnd = Observed.AddMinutes(-30);
        var failedRun = new RunSummary
        {
            StartOffset = 0, StartedAt = runEnd.AddMinutes(-5), EndedAt = runEnd, Outcome = RunOutcome.Failed, ExitCode = 2, Pid = 42,
            Attempt = 1, ErrorLines = new Dictionary<ErrorClass, long> { [ErrorClass.DiskFull] = 1 },
            LastErrorLine = "No space left on device", Lines = 3, FirstObservedAt = runEnd.AddMinutes(-5), LastObservedAt = runEnd,
        };
        var logObservation = new LogObservation
        {
            Name = "log:" + log.Path, ObservedAt = Observed, Log = log, NewestRun = failedRun, LastFailedRun = failedRun,
            FollowingSince = Observed.AddDays(-1),
        };
        var artifacts = new[] { Dump("good", Observed.AddHours(-5)), Dump("cut", Observed.AddHours(-2), complete: false) };

        var withoutLog = SetVerdicts.Decide(Parts(set, artifacts), Observed);
        var withLog = SetVerdicts.Decide(Parts(set, artifacts) with { Logs = [(log, logObservation, null)] }, Observed);

        Assert.Equal(Observed.AddHours(-2), withoutLog.LastFailure);
        Assert.Equal(runEnd, withLog.LastFailure);
        Assert.Equal("good", withLog.LastSuccess?.Name);
        Assert.Contains(withLog.Reasons, r => r.Text.StartsWith("newest run in the mysqldump log /var/log/backup.log failed",
            StringComparison.Ordinal));
    }
}
