namespace BackupExporter.Decoding;

/// <summary>Turns raw artifact bytes, pushed chunk by chunk, into content, and says whether the stream ended properly.</summary>
internal interface IContentDecoder : IDisposable
{
    /// <summary>Decodes one chunk; stops consuming after the first error.</summary>
    void Feed(ReadOnlySpan<byte> raw, ContentWindow content);

    /// <summary>After the last chunk: null when the stream was whole, else what is wrong with it.</summary>
    string? Finish();
}

/// <summary>Uncompressed files: the bytes are the content.</summary>
internal sealed class PlainDecoder : IContentDecoder
{
    public void Feed(ReadOnlySpan<byte> raw, ContentWindow content) => content.Append(raw);

    public string? Finish() => null;

    public void Dispose()
    {
    }
}
