using System.Text;
using Microsoft.Win32.SafeHandles;

namespace BackupExporter.Inspection.Logs;

/// <summary>
/// Cuts a byte range of a file into lines and hands each complete one to a sink as text. Never holds more than
/// <c>maxLineBytes</c> of one line: a longer line is delivered once, cut, and the rest of it skipped as it is read.
/// CRLF loses its CR, NUL bytes are dropped, invalid UTF-8 becomes U+FFFD. Memory is the read buffer plus two
/// line-sized buffers, whatever the file holds.
/// </summary>
internal sealed class LineSplitter
{
    private readonly byte[] _buffer;
    private readonly byte[] _scratch;
    private readonly char[] _chars;
    private readonly int _cap;

    public LineSplitter(int maxLineBytes, int bufferBytes)
    {
        if (maxLineBytes < 16 || bufferBytes < 2 * maxLineBytes)
            throw new ArgumentOutOfRangeException(nameof(bufferBytes), "the buffer must hold at least two of the longest lines");
        _cap = maxLineBytes;
        _buffer = new byte[bufferBytes];
        _scratch = new byte[maxLineBytes];
        _chars = new char[maxLineBytes];
    }

    /// <summary>The most bytes of one line ever held (carried between reads or delivered): at most the cap.</summary>
    public long LongestLineHeldBytes { get; private set; }

    /// <summary>
    /// Reads <paramref name="handle"/> from <paramref name="offset"/> up to <paramref name="end"/> (or its current end
    /// if it shrank). On return <paramref name="offset"/> is after the last line delivered; a partial last line stays
    /// unread unless <paramref name="finish"/> says the file will not grow any more.
    /// </summary>
    public (long Bytes, long Lines) Read(SafeFileHandle handle, ref long offset, ref bool skipping, long end, bool finish,
        ILogLineSink sink, CancellationToken cancellation)
    {
        long position = offset, bytes = 0, lines = 0;
        var carry = 0; // _buffer[..carry] holds the file's bytes [offset, position): the start of a line not complete yet
        while (position < end)
        {
            cancellation.ThrowIfCancellationRequested();
            var n = RandomAccess.Read(handle, _buffer.AsSpan(carry, (int)Math.Min(_buffer.Length - carry, end - position)), position);
            if (n == 0)
                break; // truncated while we read; the next read sees it
            position += n;
            bytes += n;
            var data = _buffer.AsSpan(0, carry + n);
            var hasNul = data.Contains((byte)0);
            var start = 0;
            if (skipping)
            {
                var newline = data.IndexOf((byte)'\n');
                if (newline < 0)
                {
                    offset += data.Length;
                    carry = 0;
                    continue;
                }
                start = newline + 1;
                offset += start;
                skipping = false;
            }
            while (true)
            {
                if (hasNul)
                    SkipNuls(data, ref start, ref offset);
                var newline = data[start..].IndexOf((byte)'\n');
                if (newline < 0)
                    break;
                Deliver(data.Slice(start, Math.Min(newline, _cap)), offset, newline > _cap, hasNul, sink);
                lines++;
                offset += newline + 1;
                start += newline + 1;
            }
            var rest = data.Length - start;
            if (rest > _cap)
            {
                // A line longer than the cap and no newline yet: deliver its start now, skip the rest as it comes.
                Deliver(data.Slice(start, _cap), offset, truncated: true, hasNul, sink);
                lines++;
                offset += rest;
                skipping = true;
                carry = 0;
            }
            else
            {
                data[start..].CopyTo(_buffer);
                carry = rest;
                LongestLineHeldBytes = Math.Max(LongestLineHeldBytes, carry);
            }
        }
        if (finish && carry > 0)
        {
            Deliver(_buffer.AsSpan(0, carry), offset, truncated: false, _buffer.AsSpan(0, carry).Contains((byte)0), sink);
            lines++;
            offset += carry;
        }
        return (bytes, lines);
    }

    /// <summary>
    /// A run of NULs at a line start is what a crash leaves where the file was extended but not written; it can be far
    /// longer than the cap, and must not make the line written after it a cut one.
    /// </summary>
    private static void SkipNuls(ReadOnlySpan<byte> data, ref int start, ref long offset)
    {
        var text = data[start..].IndexOfAnyExcept((byte)0);
        var skip = text < 0 ? data.Length - start : text;
        start += skip;
        offset += skip;
    }

    private void Deliver(ReadOnlySpan<byte> line, long offset, bool truncated, bool mayHaveNul, ILogLineSink sink)
    {
        LongestLineHeldBytes = Math.Max(LongestLineHeldBytes, line.Length);
        if (truncated)
            line = line[..CompleteCharacters(line)];
        if (line.Length > 0 && line[^1] == '\r')
            line = line[..^1];
        if (mayHaveNul && line.Contains((byte)0))
        {
            var kept = 0;
            foreach (var b in line)
            {
                if (b != 0)
                    _scratch[kept++] = b;
            }
            line = _scratch.AsSpan(0, kept);
        }
        var count = Encoding.UTF8.GetChars(line, _chars);
        sink.OnLine(_chars.AsSpan(0, count), new LogLineInfo(offset, truncated));
    }

    /// <summary>Length without a UTF-8 sequence cut off at the end, so a cut line does not end in U+FFFD.</summary>
    private static int CompleteCharacters(ReadOnlySpan<byte> line)
    {
        for (var back = 1; back <= 4 && back <= line.Length; back++)
        {
            var b = line[^back];
            if ((b & 0xC0) == 0x80)
                continue; // continuation byte: look further back for its lead byte
            var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? line.Length - back : line.Length;
        }
        return line.Length;
    }
}
