using System.Runtime.InteropServices;
using static BackupExporter.Decoding.LibzstdNative;

namespace BackupExporter.Decoding;

/// <summary>
/// Decompresses zstd with the system libzstd. The same verdicts as <see cref="ManagedZstdDecoder"/>, from the
/// same <see cref="ZstdDecoder"/> loop.
/// </summary>
internal sealed unsafe class LibzstdDecoder : ZstdDecoder
{
    private readonly void* _stream;
    private readonly int _outputSize;
    private readonly byte* _output;

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

    protected override nuint Decompress(byte* input, nuint size, ref nuint position, out ReadOnlySpan<byte> produced, out bool outputFull)
    {
        var inBuffer = new InBuffer { Source = input, Size = size, Position = position };
        var outBuffer = new OutBuffer { Destination = _output, Size = (nuint)_outputSize, Position = 0 };
        var hint = LibzstdNative.Decompress(_stream, &outBuffer, &inBuffer);
        position = inBuffer.Position;
        produced = new ReadOnlySpan<byte>(_output, (int)outBuffer.Position);
        outputFull = outBuffer.Position == outBuffer.Size;
        return hint;
    }

    protected override string? ErrorName(nuint code) => IsError(code) ? LibzstdNative.ErrorName(code) : null;

    public override void Dispose()
    {
        FreeStream(_stream);
        NativeMemory.Free(_output);
    }
}
