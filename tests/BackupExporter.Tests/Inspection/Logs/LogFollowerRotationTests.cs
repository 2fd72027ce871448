using System.Text;
using BackupExporter.Inspection.Logs;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Inspection.Logs;

/// <summary>Every way a log is rotated or replaced: each line delivered once, none lost, none twice.</summary>
public sealed class LogFollowerRotationTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _log;
    private readonly CollectingSink _sink = new();

    public LogFollowerRotationTests()
    {
        _log = _dir.File("backup.log");
    }

    public void Dispose() => _dir.Dispose();

    private void Append(string path, string text) => File.AppendAllText(path, text);

    private void Append(string text) => Append(_log, text);

    private List<string> Read(LogFollower follower, LogFileEvents? expected = null)
    {
        var result = follower.Read(_sink);
        Assert.Null(result.Problem);
        if (expected is { } e)
            Assert.Equal(e, result.Events);
        return _sink.Take();
    }

    [Fact]
    public void Each_read_delivers_only_the_lines_written_since_the_previous_one()
    {
        Append("one\ntwo\n");
        using var follower = new LogFollower(_log);
        Assert.Equal(["one", "two"], Read(follower, LogFileEvents.Opened));
        Assert.Empty(Read(follower, LogFileEvents.None));
        Append("three\n");
        Assert.Equal(["three"], Read(follower, LogFileEvents.None));
        Assert.Equal(new FileInfo(_log).Length, follower.Position!.Offset);
    }

    [Fact]
    public void A_partial_last_line_is_delivered_whole_once_its_newline_arrives()
    {
        Append("one\ntw");
        using var follower = new LogFollower(_log);
        Assert.Equal(["one"], Read(follower));
        Append("o and a half");
        Assert.Empty(Read(follower));
        Append("\nthree\n");
        Assert.Equal(["two and a half", "three"], Read(follower));
    }

    [Fact]
    public void Rotation_by_rename_finishes_the_old_file_then_reads_the_new_one_from_its_start()
    {
        Append("a1\na2\n");
        using var follower = new LogFollower(_log);
        Assert.Equal(["a1", "a2"], Read(follower));
        Append("a3\n");
        File.Move(_log, _log + ".1");
        Append(_log + ".1", "a4 written by a writer that has not reopened yet\na5 partial");
        Assert.Equal(["a3", "a4 written by a writer that has not reopened yet"], Read(follower, LogFileEvents.Missing));
        Append(_log + ".1", " completed\n");
        Append("b1\nb2\n");
        Assert.Equal(["a5 partial completed", "b1", "b2"], Read(follower, LogFileEvents.Replaced | LogFileEvents.Opened));
        Append("b3\n");
        Assert.Equal(["b3"], Read(follower, LogFileEvents.None));
    }

    [Fact]
    public void Rotation_by_rename_between_two_reads_loses_nothing()
    {
        Append("a1\n");
        using var follower = new LogFollower(_log);
        Assert.Equal(["a1"], Read(follower));
        Append("a2\na3 without newline");
        File.Move(_log, _log + ".1");
        Append("b1\n");
        Assert.Equal(["a2", "a3 without newline", "b1"], Read(follower, LogFileEvents.Replaced | LogFileEvents.Opened));
    }

    [Fact]
    public void Copy_truncate_restarts_at_the_start_of_the_file()
    {
        Append("a1\na2\na3\n");
        using var follower = new LogFollower(_log);
        Assert.Equal(["a1", "a2", "a3"], Read(follower));
        File.Copy(_log, _log + ".1");
        using (var truncate = new FileStream(_log, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            truncate.SetLength(0);
        Append("b1\n");
        Assert.Equal(["b1"], Read(follower, LogFileEvents.Truncated));
        Assert.Equal(["b2"], Read(follower, LogFileEvents.None, append: "b2\n"));
    }

    [Fact]
    public void Copy_truncate_is_noticed_even_when_the_new_content_is_already_longer_than_the_old()
    {
        Append("a1\n");
        using var follower = new LogFollower(_log);
        Assert.Equal(["a1"], Read(follower));
        File.WriteAllText(_log, "b1 is a longer line than the old file was\nb2\n"); // truncates in place: same inode
        Assert.Equal(["b1 is a longer line than the old file was", "b2"], Read(follower, LogFileEvents.Truncated));
    }

    [Fact]
    public void A_log_that_does_not_exist_yet_is_read_from_its_start_once_created()
    {
        using var follower = new LogFollower(_log, options: new LogFollowerOptions { Start = LogStart.End });
        var missing = follower.Read(_sink);
        Assert.Equal(LogFileEvents.Missing, missing.Events);
        Assert.Null(missing.Problem);
        Assert.Null(follower.Position);
        Append("first\n");
        Assert.Equal(["first"], Read(follower, LogFileEvents.Opened));
    }

    [Fact]
    public void A_deleted_log_is_finished_and_its_successor_read_from_its_start()
    {
        Append("a1\n");
        using var follower = new LogFollower(_log);
        Assert.Equal(["a1"], Read(follower));
        Append("a2\n");
        File.Delete(_log);
        Assert.Equal(["a2"], Read(follower, LogFileEvents.Missing));
        Assert.Empty(Read(follower, LogFileEvents.Missing));
        Append("b1\n");
        Assert.Equal(["b1"], Read(follower, LogFileEvents.Opened));
    }

    [Fact]
    public void A_log_deleted_and_recreated_between_two_reads_loses_nothing()
    {
        Append("a1\n");
        using var follower = new LogFollower(_log);
        Assert.Equal(["a1"], Read(follower));
        Append("a2\n");
        File.Delete(_log);
        Append("b1\n");
        Assert.Equal(["a2", "b1"], Read(follower, LogFileEvents.Replaced | LogFileEvents.Opened));
    }

    [Fact]
    public void A_saved_position_resumes_where_the_previous_process_stopped()
    {
        Append("a1\na2\n");
        LogPosition saved;
        using (var first = new LogFollower(_log))
        {
            Assert.Equal(["a1", "a2"], Read(first));
            saved = first.Position!;
        }
        Append("a3\n");
        using var second = new LogFollower(_log, saved);
        Assert.Equal(["a3"], Read(second, LogFileEvents.Opened));
    }

    [Fact]
    public void A_rotation_while_nobody_followed_is_finished_from_the_rotated_file()
    {
        Append("a1\n");
        LogPosition saved;
        using (var first = new LogFollower(_log))
        {
            Assert.Equal(["a1"], Read(first));
            saved = first.Position!;
        }
        Append("a2\n");
        File.Move(_log, _log + "-20261124");
        File.WriteAllText(_log + ".2.gz", "not read");
        Append("b1\n");
        using var second = new LogFollower(_log, saved);
        Assert.Equal(["a2", "b1"], Read(second, LogFileEvents.Opened | LogFileEvents.FinishedRotatedFile | LogFileEvents.Replaced));
    }

    [Fact]
    public void A_log_recreated_while_nobody_followed_is_read_from_its_start_even_if_it_got_the_same_inode()
    {
        Append("a1 of the first file\n");
        LogPosition saved;
        using (var first = new LogFollower(_log))
        {
            Assert.Equal(["a1 of the first file"], Read(first));
            saved = first.Position!;
        }
        File.Delete(_log);
        Append("b1 of a new file that is already longer than the old one\n");
        using var second = new LogFollower(_log, saved);
        var lines = Read(second);
        Assert.Equal(["b1 of a new file that is already longer than the old one"], lines);
    }

    [Fact]
    public void Starting_at_the_end_skips_history_but_keeps_a_line_being_written()
    {
        Append("old1\nold2\nnew1 being wri");
        using var follower = new LogFollower(_log, options: new LogFollowerOptions { Start = LogStart.End });
        Assert.Empty(Read(follower, LogFileEvents.Opened));
        Append("tten\nnew2\n");
        Assert.Equal(["new1 being written", "new2"], Read(follower));
    }

    [Fact]
    public void Offsets_are_the_byte_offsets_of_line_starts()
    {
        Append("é1\r\nline two\n");
        using var follower = new LogFollower(_log);
        follower.Read(_sink);
        Assert.Equal([(0L, "é1"), (5L, "line two")], _sink.Lines.Select(l => (l.Offset, l.Text)).ToList());
        Assert.Equal(Encoding.UTF8.GetByteCount("é1\r\nline two\n"), follower.Position!.Offset);
    }

    private List<string> Read(LogFollower follower, LogFileEvents expected, string append)
    {
        Append(append);
        return Read(follower, expected);
    }
}
