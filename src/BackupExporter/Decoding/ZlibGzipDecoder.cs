using System.Runtime.InteropServices;
using static BackupExporter.Decoding.ZlibNative;

namespace BackupExporter.Decoding;

/// <summary>
/// Inflates gzip with the system zlib, checking every member's CRC-32 and length. The member bookkeeping and the
/// verdicts are <see cref="GzipDecoder"/>'s, shared with <see cref="IsalGzipDecoder"/>.
/// </summary>
internal sealed unsafe class ZlibGzipDecoder : GzipDecoder
{
    private const int OutputSize = 256 * 1024;

    // zlib keeps a pointer back to the z_stream, so it must not move: it lives in native memory.
    private readonly ZStream* _stream;
    private readonly byte[] _output = GC.AllocateUninitializedArray<byte>(OutputSize, pinned: true);

    public ZlibGzipDecoder()
    {
        _stream = (ZStream*)NativeMemory.AllocZeroed((nuint)sizeof(ZStream));
        var code = InflateInit2(_stream, GzipWindowBits, Version(), sizeof(ZStream));
        if (code != Ok)
        {
            NativeMemory.Free(_stream);
            throw new InvalidOperationException($"cannot initialise zlib (code {code})");
        }
    }

    protected override string? Decode(ReadOnlySpan<byte> raw, ContentWindow content)
    {
        string? error = null;
        fixed (byte* input = raw)
        fixed (byte* output = _output)
        {
            _stream->NextIn = input;
            _stream->AvailIn = (uint)raw.Length;
            while (_stream->AvailIn > 0)
            {
                if (!InsideMember)
                {
                    if (Members > 0 && InflateReset(_stream) != Ok) // the next member of a multi-member file
                    {
                        error = "cannot reset zlib for the next gzip member";
                        break;
                    }
                    BeginMember();
                }
                _stream->NextOut = output;
                _stream->AvailOut = OutputSize;
                var code = ZlibNative.Inflate(_stream, NoFlush);
                var produced = OutputSize - (int)_stream->AvailOut;
                if (produced > 0)
                    content.Append(_output.AsSpan(0, produced));

                if (code == StreamEnd)
                {
                    EndMember();
                }
                else if (code is not (Ok or BufError))
                {
                    error = Corrupt(Message(_stream, code), content);
                    break;
                }
                else if (code == BufError && produced == 0)
                {
                    break; // no progress possible: zlib wants more input than this chunk holds
                }
            }
            _stream->NextIn = null;
            _stream->NextOut = null;
        }
        return error;
    }

    public override void Dispose()
    {
        _ = InflateEnd(_stream); // nothing to do about a failure while freeing
        NativeMemory.Free(_stream);
    }
}
