using System.Globalization;
using System.Text;

namespace BackupExporter.Restore.Binlog;

/// <summary>
/// Follows <c>mariadb-binlog</c>'s output on its way to the client, to tell how far a replay got: each event is
/// introduced by a header comment <c>#261130  3:06:14 server id 1  end_log_pos 836 … GTID 0-1-4 trans</c> (the
/// time in the tool's time zone, UTC here), after a line <c># at 256</c> with its position: the event's bytes are
/// <c>end_log_pos</c> minus that. Only the first bytes of each line are looked at; row images and statements pass by
/// untouched.
/// </summary>
internal sealed class BinlogProgress
{
    private const int HeadLength = 128;

    private readonly byte[] _head = new byte[HeadLength];
    private int _have;
    private bool _collecting = true;
    private long? _at;

    public long Events { get; private set; }

    /// <summary>Transactions begun (one GTID event each, in MariaDB and in MySQL with GTIDs).</summary>
    public long Transactions { get; private set; }

    /// <summary>The time of the newest event seen: how far in time the replay got.</summary>
    public DateTimeOffset? ReachedTime { get; private set; }

    /// <summary>The binlog bytes of the events seen (each <c>end_log_pos</c> minus its <c># at</c> position).</summary>
    public long Bytes { get; private set; }

    public void Observe(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (!_collecting)
            {
                var skip = data.IndexOf((byte)'\n');
                if (skip < 0)
                    return;
                data = data[(skip + 1)..];
                _collecting = true;
                _have = 0;
                continue;
            }
            var take = Math.Min(data.Length, HeadLength - _have);
            var newline = data[..take].IndexOf((byte)'\n');
            var part = newline < 0 ? data[..take] : data[..newline];
            part.CopyTo(_head.AsSpan(_have));
            _have += part.Length;
            if (newline >= 0)
            {
                Line(_head.AsSpan(0, _have));
                _have = 0;
                data = data[(newline + 1)..];
            }
            else if (_have == HeadLength)
            {
                Line(_head);
                _collecting = false;
                data = data[take..];
            }
            else
            {
                data = data[take..];
            }
        }
    }

    private void Line(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("# at "u8))
        {
            _at = long.TryParse(head[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var at) ? at : null;
            return;
        }
        // "#YYMMDD HH:MM:SS server id", the hour padded with a space.
        if (head.Length < 28 || head[0] != (byte)'#' || head[1..7].ContainsAnyExceptInRange((byte)'0', (byte)'9'))
            return;
        var text = Encoding.ASCII.GetString(head);
        if (!text.AsSpan(16).StartsWith(" server id ", StringComparison.Ordinal))
            return;
        Events++;
        var end = text.IndexOf(" end_log_pos ", StringComparison.Ordinal);
        if (end >= 0 && _at is { } start)
        {
            var digits = text.AsSpan(end + 13);
            var length = digits.IndexOfAnyExceptInRange('0', '9');
            if (long.TryParse(length < 0 ? digits : digits[..length], NumberStyles.None, CultureInfo.InvariantCulture, out var endPos)
                && endPos > start)
                Bytes += endPos - start;
        }
        _at = null;
        if (DateTime.TryParseExact(text.AsSpan(1, 15).ToString().Replace("  ", " 0", StringComparison.Ordinal), "yyMMdd HH:mm:ss",
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            ReachedTime = new DateTimeOffset(time, TimeSpan.Zero);
        if (text.Contains("\tGTID ", StringComparison.Ordinal) || text.Contains("\tGTID\t", StringComparison.Ordinal))
            Transactions++;
    }
}
