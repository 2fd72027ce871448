using BackupExporter.Configuration;
using BackupExporter.Decoding;
using BackupExporter.Inspection;
using BackupExporter.Inspection.BackupSets;
using BackupExporter.Reporting.Retention;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Reporting.Retention;

public sealed class RetentionPromiseTests
{
    // Daily at 02:00 UTC with an hour's grace; it is the 8th at 12:00, so the window's last day is the 8th.
    private static readonly DateTimeOffset Now = new(2026, 12, 8, 12, 0, 0, TimeSpan.Zero);

    private static BackupSetConfig Set(int minGood = 7, int days = 7, TimeZoneInfo? zone = null, string? schedule = "0 2 * * *") =>
        TestSets.Mysqldump("/b", schedule: schedule, zone: zone) with { Retention = new RetentionConfig(minGood, days) };

    private static JudgedArtifact Judged(DateTimeOffset time, ArtifactStatus status = ArtifactStatus.Ok) =>
        new(new ArtifactObservation($"/b/shop-{time:yyyyMMddHHmm}.sql.gz", 1000, Now, false,
            new Dictionary<string, CheckResult> { [CheckNames.Complete] = CheckResult.Pass() }, null, CompressionFormat.Gzip)
        {
            RecordedTime = time,
        }, status);

    private static List<JudgedArtifact> Nightly(int days, params int[] failedDaysAgo) =>
        Enumerable.Range(0, days).Reverse()
            .Select(ago => Judged(new DateTimeOffset(2026, 12, 8, 2, 5, 0, TimeSpan.Zero).AddDays(-ago),
                failedDaysAgo.Contains(ago) ? ArtifactStatus.Failed : ArtifactStatus.Ok))
            .ToList();

    [Fact]
    public void Seven_good_nightly_backups_keep_a_seven_day_promise()
    {
        var report = RetentionPromise.Evaluate(Set(), Nightly(7), Now)!;

        Assert.True(report.Holds);
        Assert.Equal(7, report.RestorableDays);
        Assert.Equal(7, report.GoodArtifacts);
        Assert.Null(report.FirstMissingDay);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero), report.WindowStart);
        Assert.Equal("7 of 7 days restorable, 7 good artifacts (at least 7 promised)", report.Summary());
    }

    [Fact]
    public void Two_failed_nights_of_seven_break_it_and_the_first_missing_day_is_the_older()
    {
        var report = RetentionPromise.Evaluate(Set(), Nightly(7, 2, 5), Now)!;

        Assert.False(report.Holds);
        Assert.Equal(5, report.RestorableDays);
        Assert.Equal(5, report.GoodArtifacts);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero), report.FirstMissingDay);
    }

    [Fact]
    public void Before_tonights_backup_is_due_the_window_ends_yesterday()
    {
        // At 02:30 on the 8th tonight's 02:00 backup is not due yet (grace 1 h): the six older nights and the 1st count.
        var early = new DateTimeOffset(2026, 12, 8, 2, 30, 0, TimeSpan.Zero);
        var artifacts = Nightly(8).Take(7).ToList(); // the 1st to the 7th

        var report = RetentionPromise.Evaluate(Set(), artifacts, early)!;
        var later = RetentionPromise.Evaluate(Set(), artifacts, early.AddHours(1))!;

        Assert.True(report.Holds);
        Assert.False(later.Holds); // at 03:30 the 8th is due and has nothing
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero), later.FirstMissingDay);
    }

    [Fact]
    public void Days_are_the_sets_time_zone_days_of_the_tools_recorded_time()
    {
        // 23:30 UTC on the 7th is the 8th in Berlin: Berlin's 7th then has no backup.
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var artifacts = new List<JudgedArtifact>
        {
            Judged(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero)),
            Judged(new DateTimeOffset(2026, 12, 7, 23, 30, 0, TimeSpan.Zero)),
        };

        var evening = new DateTimeOffset(2026, 12, 8, 20, 0, 0, TimeSpan.Zero);
        var inUtc = RetentionPromise.Evaluate(Set(0, 2, schedule: null), artifacts, evening)!;
        var inBerlin = RetentionPromise.Evaluate(Set(0, 2, berlin, schedule: null), artifacts, evening)!;

        Assert.True(inUtc.Holds); // the 6th and the 7th
        Assert.False(inBerlin.Holds); // Berlin's window is the 7th and the 8th: the 7th is missing
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.FromHours(1)), inBerlin.FirstMissingDay);
    }

    [Fact]
    public void Too_few_good_artifacts_break_it_even_when_every_day_is_covered()
    {
        var report = RetentionPromise.Evaluate(Set(minGood: 10, days: 3), Nightly(7), Now)!;

        Assert.False(report.Holds);
        Assert.Equal(3, report.RestorableDays);
        Assert.Equal("3 of 3 days restorable, 7 good artifacts (at least 10 promised)", report.Summary());
    }

    [Fact]
    public void No_promise_no_report()
    {
        Assert.Null(RetentionPromise.Evaluate(TestSets.Mysqldump("/b"), Nightly(3), Now));
    }

    [Fact]
    public void A_removal_inside_the_window_is_too_early_and_one_outside_it_says_nothing()
    {
        var report = RetentionPromise.Evaluate(Set(), Nightly(7), Now)!;
        var inside = new SeenArtifact("/b/shop-inside.sql.gz", 10, new DateTimeOffset(2026, 12, 4, 2, 5, 0, TimeSpan.Zero), true,
            Now.AddHours(-2)) { GoneAt = Now.AddHours(-1), OutOfOrder = true };
        var outside = new SeenArtifact("/b/shop-outside.sql.gz", 10, new DateTimeOffset(2026, 11, 30, 2, 5, 0, TimeSpan.Zero), true,
            Now.AddHours(-2)) { GoneAt = Now.AddHours(-1), OutOfOrder = true };

        var early = RetentionPromise.RemovedTooEarly(report, [outside, inside],
            name => name == "shop-inside.sql.gz" ? "rm by cleanup" : null);

        var removed = Assert.Single(early);
        Assert.Equal("shop-inside.sql.gz", removed.Name);
        Assert.Equal("rm by cleanup", removed.RemovedBy);
        Assert.Equal(Now.AddHours(-2), removed.LastSeen);
    }

    [Fact]
    public void Without_a_promise_only_a_removal_out_of_order_is_too_early()
    {
        var rotated = new SeenArtifact("/b/a.sql.gz", 10, Now.AddDays(-9), true, Now.AddHours(-2)) { GoneAt = Now.AddHours(-1) };
        var gap = new SeenArtifact("/b/b.sql.gz", 10, Now.AddDays(-3), true, Now.AddHours(-2)) { GoneAt = Now, OutOfOrder = true };

        Assert.Equal(["b.sql.gz"], RetentionPromise.RemovedTooEarly(null, [rotated, gap], _ => null).Select(r => r.Name));
    }
}
