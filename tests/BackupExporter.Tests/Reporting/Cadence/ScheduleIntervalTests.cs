using Cronos;
using BackupExporter.Reporting.Cadence;

namespace BackupExporter.Tests.Reporting.Cadence;

public sealed class ScheduleIntervalTests
{
    private static readonly DateTimeOffset Wednesday = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("0 2 * * *", 24)]
    [InlineData("30 * * * *", 1)]
    [InlineData("0 2 * * 1-5", 72)]   // Friday's backup has to last until Monday's
    [InlineData("0 3 * * 0", 168)]
    [InlineData("0 1 1 * *", 31 * 24)]
    public void The_longest_gap_between_scheduled_starts_is_the_interval(string cron, int hours)
    {
        Assert.Equal(TimeSpan.FromHours(hours), ScheduleInterval.Longest(CronExpression.Parse(cron), TimeZoneInfo.Utc, Wednesday));
    }

    [Fact]
    public void No_schedule_no_interval()
    {
        Assert.Null(ScheduleInterval.Longest(null, TimeZoneInfo.Utc, Wednesday));
    }

    [Fact]
    public void A_sets_interval_comes_from_its_schedule_and_is_kept()
    {
        var set = BackupExporter.Tests.Support.TestSets.Mysqldump("/b", schedule: "0 2 * * 1-5");
        Assert.Equal(TimeSpan.FromHours(72), ScheduleInterval.Of(set));
        Assert.Equal(ScheduleInterval.Of(set), ScheduleInterval.Of(set));
        Assert.Null(ScheduleInterval.Of(BackupExporter.Tests.Support.TestSets.Mysqldump("/b")));
    }
}
