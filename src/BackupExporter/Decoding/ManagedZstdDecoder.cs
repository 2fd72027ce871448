using ZstdSharp.Unsafe;
using static ZstdSharp.Unsafe.Methods;

namespace BackupExporter.Decoding;

/// <summary>
/// Decompresses zstd with ZstdSharp's streaming API, when libzstd is not installed. The same verdicts as
/// <see cref="LibzstdDecoder"/>, from the same <see cref="ZstdDecoder"/> loop.
/// </summary>
internal sealed unsafe class ManagedZstdDecoder : ZstdDecoder
{
    private const int OutputSize = 256 * 1024;

    private readonly ZSTD_DCtx_s* _context = ZSTD_createDCtx();
    private readonly byte[] _output = GC.AllocateUninitializedArray<byte>(OutputSize, pinned: true);

    protected override nuint Decompress(byte* input, nuint size, ref nuint position, out ReadOnlySpan<byte> produced, out bool outputFull)
    {
        fixed (byte* output = _output) // pinned already: fixed only yields its address
        {
            var inBuffer = new ZSTD_inBuffer_s { src = input, size = size, pos = position };
            var outBuffer = new ZSTD_outBuffer_s { dst = output, size = OutputSize, pos = 0 };
            var hint = ZSTD_decompressStream(_context, &outBuffer, &inBuffer);
            position = inBuffer.pos;
            produced = _output.AsSpan(0, (int)outBuffer.pos);
            outputFull = outBuffer.pos == outBuffer.size;
            return hint;
        }
    }

    protected override string? ErrorName(nuint code) => ZSTD_isError(code) ? ZSTD_getErrorName(code) : null;

    public override void Dispose() => ZSTD_freeDCtx(_context);
}
