namespace BackupExporter.Decoding;

/// <summary>
/// What every compressed-stream decoder shares: it stops at the first corruption, counts the raw bytes for its
/// messages, and calls an empty file truncated. Subclasses decode a chunk and say whether the stream may end where
/// the input ended.
/// </summary>
internal abstract class StreamDecoder : IContentDecoder
{
    private string? _error;

    /// <summary>The compressed bytes fed so far.</summary>
    protected long RawBytes { get; private set; }

    public void Feed(ReadOnlySpan<byte> raw, ContentWindow content)
    {
        if (_error is not null || raw.IsEmpty)
            return;
        RawBytes += raw.Length;
        _error = Decode(raw, content);
    }

    public string? Finish()
    {
        if (_error is not null)
            return _error;
        if (RawBytes == 0)
            return "truncated: the file is empty (0 bytes read)";
        return UnfinishedStream();
    }

    public abstract void Dispose();

    /// <summary>Decodes one non-empty chunk into <paramref name="content"/>; returns the corruption found, or null.</summary>
    protected abstract string? Decode(ReadOnlySpan<byte> raw, ContentWindow content);

    /// <summary>After the last chunk of a non-empty file: why the stream cannot end here, or null when it can.</summary>
    protected abstract string? UnfinishedStream();
}
