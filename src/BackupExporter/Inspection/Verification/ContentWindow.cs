namespace BackupExporter.Inspection.Verification;

/// <summary>Sees all of an artifact's decompressed content as it streams by, for formats judged from their whole structure.</summary>
internal interface IContentObserver
{
    void Observe(ReadOnlySpan<byte> content);
}

/// <summary>
/// Keeps what the dump parsers need of the decompressed content without holding it: the first
/// <see cref="HeadSize"/> bytes (header, binlog coordinates) and the last <see cref="TailSize"/> bytes (footer).
/// Its buffers grow with the content: a window is made for every artifact verified, and fixed 68 KiB buffers for a
/// dump of a few KB were most of what a first round allocated (bench/README.md, "Footprint").
/// </summary>
internal sealed class ContentWindow(IContentObserver? observer = null)
{
    public const int HeadSize = 64 * 1024;
    public const int TailSize = 4 * 1024;

    private const int SmallestHead = 4 * 1024;

    private byte[] _head = [];
    private int _headLength;

    // The tail ring is needed only once the content outgrows the head; until then the tail is the head's end.
    private byte[]? _tail;
    private long _total;

    public long TotalBytes => _total;

    public void Append(ReadOnlySpan<byte> content)
    {
        observer?.Observe(content);
        if (_headLength < HeadSize)
        {
            var n = Math.Min(HeadSize - _headLength, content.Length);
            if (_headLength + n > _head.Length)
                Array.Resize(ref _head, Math.Min(HeadSize, Math.Max(_headLength + n, Math.Max(SmallestHead, _head.Length * 2))));
            content[..n].CopyTo(_head.AsSpan(_headLength));
            _headLength += n;
        }
        if (_total + content.Length > HeadSize)
            AppendToTail(content);
        _total += content.Length;
    }

    private void AppendToTail(ReadOnlySpan<byte> content)
    {
        if (_tail is null)
        {
            // The content reaches past the head for the first time: the ring starts with the head's last bytes, so it
            // holds the last TailSize bytes wherever the first chunk past the head ends.
            _tail = new byte[TailSize];
            _head.AsSpan(HeadSize - TailSize).CopyTo(_tail); // HeadSize is a multiple of TailSize: ring offset 0
            var alreadyInHead = (int)(HeadSize - _total);
            WriteRing(_tail, content[alreadyInHead..], HeadSize);
            return;
        }
        WriteRing(_tail, content, _total);
    }

    /// <summary>The ring is indexed by the absolute position; only the last TailSize bytes of a chunk matter.</summary>
    private static void WriteRing(byte[] ring, ReadOnlySpan<byte> content, long startPosition)
    {
        var keep = content.Length > TailSize ? content[^TailSize..] : content;
        var position = startPosition + content.Length - keep.Length;
        while (!keep.IsEmpty)
        {
            var offset = (int)(position % TailSize);
            var n = Math.Min(TailSize - offset, keep.Length);
            keep[..n].CopyTo(ring.AsSpan(offset));
            keep = keep[n..];
            position += n;
        }
    }

    public byte[] Head() => _head.AsSpan(0, _headLength).ToArray();

    public byte[] Tail()
    {
        var length = (int)Math.Min(_total, TailSize);
        if (_tail is null)
            return _head.AsSpan(_headLength - length, length).ToArray();
        var result = new byte[length];
        var start = _total - length;
        for (var i = 0; i < length; i++)
            result[i] = _tail[(int)((start + i) % TailSize)];
        return result;
    }
}
