using ZstdSharp.Unsafe;
using static ZstdSharp.Unsafe.Methods;

namespace BackupExporter.Inspection.Verification;

/// <summary>
/// Decompresses zstd with ZstdSharp's streaming API, frame by frame (several frames are valid). The stream must
/// end exactly at a frame boundary; content checksums, where the frame has one, are verified by zstd itself.
/// </summary>
internal sealed unsafe class ManagedZstdDecoder : IContentDecoder
{
    private const int OutputSize = 256 * 1024;

    private readonly ZSTD_DCtx_s* _context = ZSTD_createDCtx();
    private readonly byte[] _output = GC.AllocateUninitializedArray<byte>(OutputSize, pinned: true);
    private nuint _lastHint; // 0 after a frame is complete and flushed
    private long _rawBytes;
    private string? _error;

    public void Feed(ReadOnlySpan<byte> raw, ContentWindow content)
    {
        if (_error is not null || raw.IsEmpty)
            return;
        _rawBytes += raw.Length;
        fixed (byte* input = raw)
        fixed (byte* output = _output)
        {
            var inBuffer = new ZSTD_inBuffer_s { src = input, size = (nuint)raw.Length, pos = 0 };
            while (true)
            {
                var outBuffer = new ZSTD_outBuffer_s { dst = output, size = OutputSize, pos = 0 };
                var hint = ZSTD_decompressStream(_context, &outBuffer, &inBuffer);
                if (ZSTD_isError(hint))
                {
                    _error = $"corrupt zstd stream: {ZSTD_getErrorName(hint)} (after {content.TotalBytes} bytes of content)";
                    return;
                }
                if (outBuffer.pos > 0)
                    content.Append(_output.AsSpan(0, (int)outBuffer.pos));
                _lastHint = hint;
                // Done with this chunk once every input byte is consumed and the output buffer was not filled.
                if (inBuffer.pos == inBuffer.size && outBuffer.pos < outBuffer.size)
                    return;
            }
        }
    }

    public string? Finish()
    {
        if (_error is not null)
            return _error;
        if (_rawBytes == 0)
            return "truncated: the file is empty (0 bytes read)";
        return _lastHint == 0 ? null : $"truncated: the zstd stream ends inside a frame ({_rawBytes} bytes read)";
    }

    public void Dispose() => ZSTD_freeDCtx(_context);
}
