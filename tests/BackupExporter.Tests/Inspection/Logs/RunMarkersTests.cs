using BackupExporter.Inspection.Logs;

namespace BackupExporter.Tests.Inspection.Logs;

public sealed class RunMarkersTests
{
    [Fact]
    public void Markers_are_written_and_read_back()
    {
        var at = new DateTimeOffset(2026, 11, 24, 2, 0, 0, 123, TimeSpan.Zero);
        var start = RunMarkers.Start("nightly", 4242, 2, at);
        Assert.Equal("# backup-exporter run start backup=nightly pid=4242 attempt=2 at=2026-11-24T02:00:00.123Z", start);
        Assert.Equal(new RunMarker { IsStart = true, Backup = "nightly", Pid = 4242, Attempt = 2, At = at }, RunMarkers.Parse(start));

        var end = RunMarkers.End("nightly", 4242, 2, 137, "KILL", timedOut: false, TimeSpan.FromSeconds(12.5034), at.AddSeconds(12));
        Assert.Equal("# backup-exporter run end backup=nightly pid=4242 attempt=2 exit=137 signal=KILL timeout=0 duration=12.503 "
            + "at=2026-11-24T02:00:12.123Z", end);
        Assert.Equal(new RunMarker
        {
            IsStart = false, Backup = "nightly", Pid = 4242, Attempt = 2, ExitCode = 137, Signal = "KILL", DurationSeconds = 12.503,
            At = at.AddSeconds(12),
        }, RunMarkers.Parse(end));
    }

    [Theory]
    [InlineData("# backup-exporter run begin backup=x")]
    [InlineData("# backup-exporter run start pid=1")]
    [InlineData("## backup-exporter run start backup=x")]
    [InlineData("mariadb-dump: Got errno 28 on write")]
    public void Other_lines_are_not_markers(string line)
    {
        Assert.Null(RunMarkers.Parse(line));
    }

    [Fact]
    public void Unknown_fields_and_bad_values_do_not_spoil_a_marker()
    {
        var marker = RunMarkers.Parse("# backup-exporter run end backup=x future=1 exit=abc signal=none at=yesterday");
        Assert.Equal(new RunMarker { IsStart = false, Backup = "x", Attempt = 1 }, marker);
    }
}
