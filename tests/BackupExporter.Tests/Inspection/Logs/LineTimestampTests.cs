using BackupExporter.Inspection.Logs;

namespace BackupExporter.Tests.Inspection.Logs;

public sealed class LineTimestampTests
{
    private static readonly DateTimeOffset Reference = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("[00] 2026-11-24 23:55:22 completed OK!", "2026-11-24T23:55:22Z")]                            // mariabackup
    [InlineData("2026-11-25  7:54:56 0 [Note] InnoDB: Using io_uring", "2026-11-25T07:54:56Z")]             // MariaDB, space-padded hour
    [InlineData("2020-08-06T14:25:02.835618Z 0 [Note] [MY-012487] [InnoDB] msg", "2020-08-06T14:25:02.835618Z")] // MySQL 8
    [InlineData("2020-08-06T14:25:02.835618+02:00 0 [Note] [MY-012487] [InnoDB] msg", "2020-08-06T12:25:02.835618Z")]
    [InlineData("230325 18:29:26 [ERROR] mysqld got signal 11 ;", "2023-03-25T18:29:26Z")]                  // crash header
    [InlineData("200615  0:24:09 [Note] old MariaDB", "2020-06-15T00:24:09Z")]
    [InlineData("Nov 24 02:00:01 db1 CRON[12345]: (root) CMD (x)", "2026-11-24T02:00:01Z")]                  // syslog
    [InlineData("Nov  4 02:00:01 db1 CRON[12345]: (root) CMD (x)", "2026-11-04T02:00:01Z")]
    [InlineData("Dec 31 23:59:59 db1 CRON[1]: (root) CMD (x)", "2025-12-31T23:59:59Z")]                      // last year's
    [InlineData("2026-11-24T02:00:01.123456+01:00 db1 crond[2001]: (root) CMD (x)", "2026-11-24T01:00:01.123456Z")]
    public void The_tools_timestamps_are_read(string line, string expected)
    {
        Assert.True(LineTimestamp.TryParse(line, TimeZoneInfo.Utc, Reference, out var time));
        Assert.Equal(DateTimeOffset.Parse(expected), time);
    }

    [Theory]
    [InlineData("mariadb-dump: Got errno 28 on write")]
    [InlineData("mariabackup based on MariaDB server 10.11.19-MariaDB debian-linux-gnu (x86_64)")]
    [InlineData("2026-13-45 99:99:99 nonsense")]
    [InlineData("[00] 2026-11-2")]
    [InlineData("Version: '10.11.19-MariaDB-0+deb12u1-log'  socket: '/tmp/x'")]
    [InlineData("")]
    public void Other_lines_have_none(string line)
    {
        Assert.False(LineTimestamp.TryParse(line, TimeZoneInfo.Utc, Reference, out _));
    }

    [Fact]
    public void Times_without_a_zone_are_in_the_given_zone()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        Assert.True(LineTimestamp.TryParse("[00] 2026-07-01 02:00:00 x", berlin, Reference, out var summer));
        Assert.Equal(DateTimeOffset.Parse("2026-07-01T00:00:00Z"), summer);
        Assert.True(LineTimestamp.TryParse("[00] 2026-03-29 02:30:00 x", berlin, Reference, out var gap)); // does not exist
        Assert.Equal(DateTimeOffset.Parse("2026-03-29T01:30:00Z"), gap);
    }
}
