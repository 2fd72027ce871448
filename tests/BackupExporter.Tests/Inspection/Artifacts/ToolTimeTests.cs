using BackupExporter.Inspection.Artifacts;

namespace BackupExporter.Tests.Inspection.Artifacts;

public sealed class ToolTimeTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Theory]
    [InlineData("2026-11-25  2:21:05")] // mysqldump's footer: the hour padded with a space
    [InlineData("2026-11-25 2:21:05")]
    [InlineData("2026-11-25 02:21:05")] // xtrabackup_info, mydumper, MySQL Shell
    [InlineData(" 2026-11-25 02:21:05 ")]
    public void Reads_every_spelling_of_the_tools(string text)
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 2, 21, 5, TimeSpan.Zero), ToolTime.Parse(text, TimeZoneInfo.Utc));
    }

    [Fact]
    public void A_time_without_zone_is_read_in_the_sets_zone_with_its_offset_of_that_day()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 2, 21, 5, TimeSpan.FromHours(1)), ToolTime.Parse("2026-11-25  2:21:05", Berlin));
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.FromHours(2)), ToolTime.Parse("2026-07-01 12:00:00", Berlin));
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2026-13-01 00:00:00")]
    [InlineData("2026-11-25 25:00:00")]
    [InlineData("2026-11-25")]
    [InlineData("2026-11-25 02:21:05 garbage")]
    public void Anything_else_is_not_a_date(string text)
    {
        Assert.Null(ToolTime.Parse(text, TimeZoneInfo.Utc));
    }
}
