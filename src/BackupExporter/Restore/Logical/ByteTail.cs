using System.Text;

namespace BackupExporter.Restore.Logical;

/// <summary>The last bytes of a stream, bounded: a tool that echoes a statement of hundreds of MiB cannot fill memory.</summary>
internal sealed class ByteTail(int capacity)
{
    private readonly byte[] _ring = new byte[capacity];
    private readonly Lock _lock = new();
    private long _written;

    public void Add(ReadOnlySpan<byte> chunk)
    {
        lock (_lock)
        {
            if (chunk.Length > capacity)
            {
                _written += chunk.Length - capacity;
                chunk = chunk[^capacity..];
            }
            while (chunk.Length > 0)
            {
                var at = (int)(_written % capacity);
                var n = Math.Min(chunk.Length, capacity - at);
                chunk[..n].CopyTo(_ring.AsSpan(at));
                chunk = chunk[n..];
                _written += n;
            }
        }
    }

    /// <summary>The kept bytes as UTF-8, oldest first (a character cut at the start reads as U+FFFD).</summary>
    public string Text()
    {
        lock (_lock)
        {
            var length = (int)Math.Min(_written, capacity);
            var start = (int)((_written - length) % capacity);
            var bytes = new byte[length];
            for (var i = 0; i < length; i++)
                bytes[i] = _ring[(start + i) % capacity];
            return Encoding.UTF8.GetString(bytes);
        }
    }
}
