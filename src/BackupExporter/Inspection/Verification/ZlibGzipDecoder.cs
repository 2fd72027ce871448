using System.Runtime.InteropServices;
using static BackupExporter.Inspection.Verification.ZlibNative;

namespace BackupExporter.Inspection.Verification;

/// <summary>
/// Inflates gzip with the system zlib, checking every member's CRC-32 and length. Several members one after the
/// other (pigz, <c>cat a.gz b.gz</c>) are valid; input that ends inside a member is a truncated stream.
/// </summary>
internal sealed unsafe class ZlibGzipDecoder : IContentDecoder
{
    private const int OutputSize = 256 * 1024;

    // zlib keeps a pointer back to the z_stream, so it must not move: it lives in native memory.
    private readonly ZStream* _stream;
    private readonly byte[] _output = GC.AllocateUninitializedArray<byte>(OutputSize, pinned: true);
    private bool _insideMember;
    private long _rawBytes;
    private int _members;
    private string? _error;

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

    public void Feed(ReadOnlySpan<byte> raw, ContentWindow content)
    {
        if (_error is not null || raw.IsEmpty)
            return;
        _rawBytes += raw.Length;
        fixed (byte* input = raw)
        fixed (byte* output = _output)
        {
            _stream->NextIn = input;
            _stream->AvailIn = (uint)raw.Length;
            while (_stream->AvailIn > 0)
            {
                if (!_insideMember)
                {
                    if (_members > 0 && InflateReset(_stream) != Ok) // the next member of a multi-member file
                    {
                        _error = "cannot reset zlib for the next gzip member";
                        break;
                    }
                    _insideMember = true;
                }
                _stream->NextOut = output;
                _stream->AvailOut = OutputSize;
                var code = ZlibNative.Inflate(_stream, NoFlush);
                var produced = OutputSize - (int)_stream->AvailOut;
                if (produced > 0)
                    content.Append(_output.AsSpan(0, produced));

                if (code == StreamEnd)
                {
                    _insideMember = false;
                    _members++;
                }
                else if (code is not (Ok or BufError))
                {
                    _error = _members == 0
                        ? $"corrupt gzip stream: {Message(_stream, code)} (after {content.TotalBytes} bytes of content)"
                        : $"corrupt data after gzip member {_members}: {Message(_stream, code)}";
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
    }

    public string? Finish()
    {
        if (_error is not null)
            return _error;
        if (_rawBytes == 0)
            return "truncated: the file is empty (0 bytes read)";
        if (_insideMember)
            return _members == 0
                ? $"truncated: the gzip stream ends before its end marker ({_rawBytes} bytes read)"
                : $"truncated: the gzip stream ends inside member {_members + 1}, before its end marker ({_rawBytes} bytes read)";
        return null;
    }

    public void Dispose()
    {
        _ = InflateEnd(_stream); // nothing to do about a failure while freeing
        NativeMemory.Free(_stream);
    }
}
