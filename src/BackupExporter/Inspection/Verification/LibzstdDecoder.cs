using System.Runtime.InteropServices;
using static BackupExporter.Inspection.Verification.LibzstdNative;

namespace BackupExporter.Inspection.Verification;

/// <summary>
/// Decompresses zstd with the system libzstd, frame by frame (several frames are valid). The same verdicts as
/// <see cref="ManagedZstdDecoder"/>: the stream must end exactly at a frame boundary; content checksums, where a
/// frame has one, are verified by zstd itself.
/// </summary>
internal sealed unsafe class LibzstdDecoder : IContentDecoder
{
    private readonly void* _stream;
    private readonly int _outputSize;
    private readonly byte* _output;
    private nuint _lastHint; // 0 after a frame is complete and flushed
    private long _rawBytes;
    private string? _error;

    public LibzstdDecoder()
    {
        if (Unavailable is { } why)
            throw new InvalidOperationException(why);
        _stream = CreateStream();
        if (_stream == null)
            throw new InvalidOperationException("cannot create a zstd decompression stream");
        // Several blocks per call: fewer calls, fewer appends.
        _outputSize = RecommendedOutputSize() * 4;
        _output = (byte*)NativeMemory.Alloc((nuint)_outputSize);
    }

    public void Feed(ReadOnlySpan<byte> raw, ContentWindow content)
    {
        if (_error is not null || raw.IsEmpty)
            return;
        _rawBytes += raw.Length;
        fixed (byte* input = raw)
        {
            var inBuffer = new InBuffer { Source = input, Size = (nuint)raw.Length, Position = 0 };
            while (true)
            {
                var outBuffer = new OutBuffer { Destination = _output, Size = (nuint)_outputSize, Position = 0 };
                var hint = Decompress(_stream, &outBuffer, &inBuffer);
                if (IsError(hint))
                {
                    _error = $"corrupt zstd stream: {ErrorName(hint)} (after {content.TotalBytes} bytes of content)";
                    return;
                }
                if (outBuffer.Position > 0)
                    content.Append(new ReadOnlySpan<byte>(_output, (int)outBuffer.Position));
                _lastHint = hint;
                // Done with this chunk once every input byte is consumed and the output buffer was not filled.
                if (inBuffer.Position == inBuffer.Size && outBuffer.Position < outBuffer.Size)
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

    public void Dispose()
    {
        FreeStream(_stream);
        NativeMemory.Free(_output);
    }
}
