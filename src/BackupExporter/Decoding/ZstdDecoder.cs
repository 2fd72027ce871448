namespace BackupExporter.Decoding;

/// <summary>
/// Decompresses zstd frame by frame (several frames are valid); the stream must end exactly at a frame boundary.
/// Content checksums, where a frame has one, are verified by zstd itself. Subclasses make the one library call.
/// </summary>
internal abstract unsafe class ZstdDecoder : StreamDecoder
{
    private nuint _lastHint; // 0 after a frame is complete and flushed

    protected sealed override string? Decode(ReadOnlySpan<byte> raw, ContentWindow content)
    {
        fixed (byte* input = raw)
        {
            var size = (nuint)raw.Length;
            nuint position = 0;
            while (true)
            {
                var hint = Decompress(input, size, ref position, out var produced, out var outputFull);
                if (ErrorName(hint) is { } error)
                    return $"corrupt zstd stream: {error} (after {content.TotalBytes} bytes of content)";
                if (!produced.IsEmpty)
                    content.Append(produced);
                _lastHint = hint;
                // Done with this chunk once every input byte is consumed and the output buffer was not filled.
                if (position == size && !outputFull)
                    return null;
            }
        }
    }

    protected sealed override string? UnfinishedStream() =>
        _lastHint == 0 ? null : $"truncated: the zstd stream ends inside a frame ({RawBytes} bytes read)";

    /// <summary>
    /// One ZSTD_decompressStream call on <paramref name="input"/> from <paramref name="position"/> (advanced past what
    /// it consumed) into the decoder's output buffer: returns zstd's result, the bytes it produced, and whether
    /// they filled the buffer.
    /// </summary>
    protected abstract nuint Decompress(byte* input, nuint size, ref nuint position, out ReadOnlySpan<byte> produced, out bool outputFull);

    /// <summary>The name of the error <paramref name="code"/> stands for, or null when it is a size hint.</summary>
    protected abstract string? ErrorName(nuint code);
}
