using System.Text;
using BackupExporter.Configuration;
using BackupExporter.Inspection.Logs;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Inspection.Logs;

/// <summary>Whatever a log holds, the follower delivers lines, never throws and never holds more than the cap of one line.</summary>
public sealed class LogFollowerGarbageTests : IDisposable
{
    private const int Cap = 64 * 1024;
    private readonly TempDirectory _dir = new();
    private readonly string _log;
    private readonly CollectingSink _sink = new();

    public LogFollowerGarbageTests()
    {
        _log = _dir.File("garbage.log");
    }

    public void Dispose() => _dir.Dispose();

    private void Append(byte[] bytes)
    {
        using var stream = new FileStream(_log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(bytes);
    }

    private LogReadResult Read(LogFollower follower)
    {
        var result = follower.Read(_sink);
        Assert.Null(result.Problem);
        return result;
    }

    [Fact]
    public void Random_bytes_become_lines_without_an_exception()
    {
        var random = new Random(42);
        var bytes = new byte[5 * 1024 * 1024];
        random.NextBytes(bytes);
        Append(bytes);
        Append("\n"u8.ToArray());
        using var follower = new LogFollower(_log);

        var result = Read(follower);

        Assert.Equal(bytes.Count(b => b == '\n') + 1, _sink.Lines.Count);
        Assert.Equal(bytes.Length + 1, result.BytesRead);
        Assert.All(_sink.Lines, l => Assert.True(l.Text.Length <= Cap));
        Assert.DoesNotContain(_sink.Lines, l => l.Text.Contains('\0') || l.Text.Contains('\n'));
        Assert.True(follower.LongestLineHeldBytes <= Cap);
        foreach (var line in _sink.Lines)
            ErrorClassifier.For(LogKind.Run).Classify(line.Text); // and the classifier takes them too
    }

    [Fact]
    public void Invalid_utf8_becomes_replacement_characters()
    {
        Append([.. "ok "u8, 0xFF, 0xFE, .. " Got errno 28 on write \xC3"u8, (byte)'\n']);
        using var follower = new LogFollower(_log);
        Read(follower);
        var line = Assert.Single(_sink.Texts);
        Assert.StartsWith("ok \uFFFD\uFFFD Got errno 28 on write", line);
        Assert.Equal(ErrorClass.DiskFull, ErrorClassifier.For(LogKind.Mysqldump).Classify(line));
    }

    [Fact]
    public void Nul_bytes_are_dropped_and_crlf_loses_its_cr()
    {
        Append([.. "mariadb-dump: Got errno 28\0\0 on write\r\n"u8, .. new byte[100_000], .. "after the zeros\r\n"u8]);
        using var follower = new LogFollower(_log);
        Read(follower);
        Assert.Equal(["mariadb-dump: Got errno 28 on write", "after the zeros"], _sink.Texts);
        Assert.True(follower.LongestLineHeldBytes <= Cap);
    }

    [Fact]
    public void A_10_MB_line_is_delivered_once_cut_to_the_cap_and_the_next_line_follows()
    {
        var huge = new byte[10 * 1024 * 1024];
        huge.AsSpan().Fill((byte)'x');
        Append([.. huge, (byte)'\n', .. "next\n"u8]);
        using var follower = new LogFollower(_log);

        Read(follower);

        Assert.Equal(2, _sink.Lines.Count);
        Assert.Equal((new string('x', Cap), 0L, true), _sink.Lines[0]);
        Assert.Equal(("next", huge.Length + 1L, false), _sink.Lines[1]);
        Assert.True(follower.LongestLineHeldBytes <= Cap, $"held {follower.LongestLineHeldBytes} bytes of one line");
    }

    [Fact]
    public void A_long_line_written_across_many_reads_is_delivered_once_and_never_buffered_whole()
    {
        using var follower = new LogFollower(_log);
        var piece = Encoding.ASCII.GetBytes(new string('y', 1024 * 1024));
        for (var i = 0; i < 10; i++)
        {
            Append(piece);
            Read(follower);
        }
        Append("\nafter\n"u8.ToArray());
        Read(follower);
        Assert.Equal(2, _sink.Lines.Count);
        Assert.True(_sink.Lines[0].Truncated);
        Assert.Equal(Cap, _sink.Lines[0].Text.Length);
        Assert.Equal("after", _sink.Lines[1].Text);
        Assert.True(follower.LongestLineHeldBytes <= Cap);
    }

    [Fact]
    public void A_line_being_skipped_stays_skipped_after_a_restart()
    {
        using (var first = new LogFollower(_log))
        {
            Append(Encoding.ASCII.GetBytes(new string('z', 3 * Cap)));
            Read(first);
            Assert.Single(_sink.Texts);
            Assert.True(first.Position!.SkippingLongLine);
            var saved = first.Position;
            Append("zzz rest of the long line\nnext\n"u8.ToArray());
            using var second = new LogFollower(_log, saved);
            Read(second);
        }
        Assert.Equal(2, _sink.Lines.Count);
        Assert.Equal("next", _sink.Lines[1].Text);
    }

    [Fact]
    public void A_cut_never_splits_a_character()
    {
        var text = new string('é', Cap); // two bytes each: the cap falls on a character boundary or inside one
        Append(Encoding.UTF8.GetBytes("a" + text + "\n"));
        using var follower = new LogFollower(_log);
        Read(follower);
        var line = Assert.Single(_sink.Lines);
        Assert.True(line.Truncated);
        Assert.DoesNotContain('\uFFFD', line.Text);
        Assert.Equal(Cap / 2, line.Text.Length); // "a" + 32767 × "é" = 65535 bytes; the 65536th byte would split one
    }

    [Fact]
    public void A_directory_or_a_fifo_at_the_log_path_is_a_problem_not_a_hang()
    {
        Directory.CreateDirectory(_log);
        using (var follower = new LogFollower(_log))
            Assert.Contains("is a directory, not a log file", follower.Read(_sink).Problem);
        Directory.Delete(_log);
        Tool.Run("mkfifo", _log);
        using (var follower = new LogFollower(_log))
            Assert.Contains("is not a regular file (a FIFO, a socket or a device)", follower.Read(_sink).Problem);
        Assert.Empty(_sink.Lines);
    }
}
