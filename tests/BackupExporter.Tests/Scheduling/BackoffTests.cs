using BackupExporter.Scheduling;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Scheduling;

/// <summary>After timeouts in a row the next run waits 2, 4, then 8 intervals, never more, and never past a timer's limit.</summary>
[Subject(typeof(InspectionScheduler))]
public sealed class BackoffTests
{
    [Theory]
    [InlineData(0, 60)]
    [InlineData(1, 120)]
    [InlineData(2, 240)]
    [InlineData(3, 480)]
    [InlineData(4, 480)]
    [InlineData(1000, 480)]
    public void Doubles_up_to_eight_intervals(int timeouts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), InspectionScheduler.Backoff(TimeSpan.FromMinutes(1), timeouts));

    [Fact]
    public void A_long_interval_backs_off_no_further_than_a_timer_waits() =>
        Assert.Equal(BackupExporter.Configuration.DurationParser.LongestTimer, InspectionScheduler.Backoff(TimeSpan.FromDays(49), 3));
}
