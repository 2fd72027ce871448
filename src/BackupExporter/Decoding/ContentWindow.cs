namespace BackupExporter.Decoding;

/// <summary>Sees all of an artifact's decompressed content as it streams by, for formats judged from their whole structure.</summary>
internal interface IContentObserver
{
    void Observe(ReadOnlySpan<byte> content);
}

/// <summary>
/// Keeps what the dump parsers need of the decompressed content without holding it: the first
/// <see cref="HeadSize"/> bytes (header, binlog coordinates) and the last <see cref="TailSize"/> bytes (footer).
/// Both come from <see cref="ReadBuffers"/> and go back when disposed: a window per verified file was 68 KB of
/// garbage each, gigabytes over the first round of 30,000 small dumps.
/// </summary>
internal sealed class ContentWindow(IContentObserver? observer = null) : IDisposable
{
    public const int HeadSize = 64 * 1024;
    public const int TailSize = 4 * 1024;

    private byte[] _head = ReadBuffers.Rent(HeadSize);
    private byte[] _tail = ReadBuffers.Rent(TailSize);
    private int _headLength;
    private long _total;

    public long TotalBytes => _total;

    public void Append(ReadOnlySpan<byte> content)
    {
        observer?.Observe(content);
        if (_headLength < HeadSize)
        {
            var n = Math.Min(HeadSize - _headLength, content.Length);
            content[..n].CopyTo(_head.AsSpan(_headLength));
            _headLength += n;
        }

        // The tail is a ring indexed by the absolute position; only the last TailSize bytes of a chunk matter.
        var keep = content.Length > TailSize ? content[^TailSize..] : content;
        var position = _total + content.Length - keep.Length;
        while (!keep.IsEmpty)
        {
            var offset = (int)(position % TailSize);
            var n = Math.Min(TailSize - offset, keep.Length);
            keep[..n].CopyTo(_tail.AsSpan(offset));
            keep = keep[n..];
            position += n;
        }
        _total += content.Length;
    }

    public byte[] Head() => _head.AsSpan(0, _headLength).ToArray();

    public byte[] Tail()
    {
        var length = (int)Math.Min(_total, TailSize);
        var result = new byte[length];
        var start = _total - length;
        for (var i = 0; i < length; i++)
            result[i] = _tail[(int)((start + i) % TailSize)];
        return result;
    }

    public void Dispose()
    {
        // Only once: a buffer returned twice would be handed to two readers.
        if (_head.Length > 0)
            ReadBuffers.Return(_head);
        if (_tail.Length > 0)
            ReadBuffers.Return(_tail);
        (_head, _tail) = ([], []);
    }
}
