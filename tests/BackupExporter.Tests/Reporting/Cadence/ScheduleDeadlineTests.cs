using BackupExporter.Tests.Support;
using BackupExporter.Reporting.Cadence;

namespace BackupExporter.Tests.Reporting.Cadence;

public sealed class ScheduleDeadlineTests
{
    private static readonly DateTimeOffset Watching = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Deadline_is_the_next_start_after_the_last_success_plus_grace()
    {
        var set = TestSets.Mysqldump("/x", schedule: "0 2 * * *", grace: TimeSpan.FromHours(2));
        var lastSuccess = new DateTimeOffset(2026, 11, 24, 2, 30, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 4, 0, 0, TimeSpan.Zero), ScheduleDeadline.Next(set, lastSuccess, Watching));
    }

    [Fact]
    public void A_success_exactly_at_the_start_moves_the_deadline_to_the_next_start()
    {
        var set = TestSets.Mysqldump("/x", schedule: "0 2 * * *", grace: TimeSpan.Zero);
        var atStart = new DateTimeOffset(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero), ScheduleDeadline.Next(set, atStart, Watching));
    }

    [Fact]
    public void Without_a_success_the_deadline_counts_from_when_watching_began()
    {
        var set = TestSets.Mysqldump("/x", schedule: "0 2 * * *", grace: TimeSpan.FromHours(1));
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 3, 0, 0, TimeSpan.Zero), ScheduleDeadline.Next(set, null, Watching));
    }

    [Fact]
    public void The_schedule_is_read_in_its_time_zone()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var set = TestSets.Mysqldump("/x", schedule: "0 2 * * *", grace: TimeSpan.Zero, zone: berlin);
        var lastSuccess = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

        // 02:00 in Berlin in November is 01:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero), ScheduleDeadline.Next(set, lastSuccess,
            Watching)?.ToUniversalTime());
    }

    [Fact]
    public void No_schedule_no_deadline()
    {
        Assert.Null(ScheduleDeadline.Next(TestSets.Mysqldump("/x"), DateTimeOffset.UnixEpoch, Watching));
    }

    [Fact]
    public void Overdue_is_strictly_after_the_deadline()
    {
        var deadline = new DateTimeOffset(2026, 11, 25, 4, 0, 0, TimeSpan.Zero);

        Assert.False(ScheduleDeadline.Passed(deadline, deadline.AddTicks(-1)));
        Assert.False(ScheduleDeadline.Passed(deadline, deadline));
        Assert.True(ScheduleDeadline.Passed(deadline, deadline.AddTicks(1)));
    }
}
