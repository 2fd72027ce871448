using BackupExporter.Inspection.Server;

namespace BackupExporter.Tests.Inspection.Server;

/// <summary>
/// The event header walk on binary logs a real MariaDB 10.11 wrote and <c>mariadb-binlog --raw --stop-never</c>
/// archived (Samples/: 000001 and 000002 closed by a rotate, 000003 still open when copied), and on copies cut short.
/// </summary>
public sealed class BinlogEventsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("binlog-events-").FullName;

    private static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "Inspection", "Server", "Samples", name);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_closed_file_is_walked_to_its_rotate_event_with_its_first_and_newest_event_times()
    {
        var scan = BinlogEvents.Walk(Sample("mysql-bin.000001"), null, _ => { });

        Assert.Null(scan.Problem);
        Assert.Equal(15, scan.Events);
        Assert.Equal(1122, scan.End);
        Assert.Equal(BinlogEvents.Rotate, scan.LastEventType);
        Assert.True(scan.Closed);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1796683541), scan.FirstEventTime); // the format description event
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1796683548), scan.LastEventTime);  // the rotate, at FLUSH BINARY LOGS
    }

    [Fact]
    public void The_file_still_being_written_is_not_closed()
    {
        var scan = BinlogEvents.Walk(Sample("mysql-bin.000003"), null, _ => { });

        Assert.Null(scan.Problem);
        Assert.Equal(7, scan.Events);
        Assert.False(scan.PartialTail);
        Assert.False(scan.Closed);
    }

    [Fact]
    public void A_file_cut_inside_an_event_ends_at_the_last_whole_event_and_says_so()
    {
        var cut = Copy("mysql-bin.000001", 1100);

        var scan = BinlogEvents.Walk(cut, null, _ => { });

        Assert.Null(scan.Problem);
        Assert.True(scan.PartialTail);
        Assert.Equal(1075, scan.End); // the rotate event (47 bytes from 1075) is incomplete
        Assert.False(scan.Closed);
    }

    [Fact]
    public void A_grown_file_is_walked_on_from_where_the_last_walk_stopped_and_ends_as_a_whole_walk_does()
    {
        var growing = Copy("mysql-bin.000001", 600);
        var before = BinlogEvents.Walk(growing, null, _ => { });
        File.Copy(Sample("mysql-bin.000001"), growing, overwrite: true);
        long read = 0;

        var after = BinlogEvents.Walk(growing, before, n => read += n);

        Assert.Equal(BinlogEvents.Walk(Sample("mysql-bin.000001"), null, _ => { }), after);
        Assert.InRange(read, 1, 19 * 10); // only the headers of the events after the first walk's end
    }

    [Fact]
    public void A_file_that_is_not_a_binary_log_or_too_short_is_said_as_such()
    {
        var text = Path.Combine(_directory, "mysql-bin.000009");
        File.WriteAllText(text, "this is not a binary log at all");
        var empty = Path.Combine(_directory, "mysql-bin.000010");
        File.WriteAllBytes(empty, []);

        Assert.Equal("mysql-bin.000009 does not start with the binary log magic number (fe 62 69 6e): not a binary log",
            BinlogEvents.Walk(text, null, _ => { }).Problem);
        Assert.Equal("mysql-bin.000010 is shorter than a binary log header (0 bytes)", BinlogEvents.Walk(empty, null, _ => { }).Problem);
    }

    [Fact]
    public void A_magic_followed_by_anything_but_a_format_description_event_is_damaged()
    {
        var bytes = File.ReadAllBytes(Sample("mysql-bin.000002"));
        bytes[4 + 4] = 2; // the first event's type byte: a query event
        var damaged = Path.Combine(_directory, "mysql-bin.000002");
        File.WriteAllBytes(damaged, bytes);

        Assert.StartsWith("mysql-bin.000002: the first event is of type 2, not a format description event",
            BinlogEvents.Walk(damaged, null, _ => { }).Problem);
    }

    private string Copy(string sample, int length)
    {
        var path = Path.Combine(_directory, sample);
        File.WriteAllBytes(path, File.ReadAllBytes(Sample(sample))[..length]);
        return path;
    }
}
