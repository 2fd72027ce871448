using System.Runtime.InteropServices;
using static BackupExporter.Inspection.Verification.IsalNative;

namespace BackupExporter.Inspection.Verification;

/// <summary>
/// Inflates gzip with ISA-L, which checks every member's CRC-32 and length itself. The same verdicts as
/// <see cref="ZlibGzipDecoder"/>: several members are valid, input ending inside a member is truncated, anything
/// after a member that is not another member is corrupt.
/// </summary>
internal sealed unsafe class IsalGzipDecoder : IContentDecoder
{
    private const int OutputSize = 1024 * 1024;

    private readonly InflateState* _state;
    private readonly byte* _output = (byte*)NativeMemory.Alloc(OutputSize);
    private bool _insideMember;
    private long _rawBytes;
    private int _members;
    private string? _error;

    public IsalGzipDecoder()
    {
        if (Unavailable is { } why)
            throw new InvalidOperationException(why);
        _state = CreateGzipState();
    }

    public void Feed(ReadOnlySpan<byte> raw, ContentWindow content)
    {
        if (_error is not null || raw.IsEmpty)
            return;
        _rawBytes += raw.Length;
        fixed (byte* input = raw)
        {
            _state->NextIn = input;
            _state->AvailIn = (uint)raw.Length;
            while (true)
            {
                if (!_insideMember)
                {
                    if (_state->AvailIn == 0)
                        break;
                    if (_members > 0)
                        ResetForNextMember(_state); // the next member of a multi-member file
                    _insideMember = true;
                }
                var before = _state->AvailIn;
                _state->NextOut = _output;
                _state->AvailOut = OutputSize;
                var code = Inflate(_state);
                var produced = OutputSize - (int)_state->AvailOut;
                if (produced > 0)
                    content.Append(new ReadOnlySpan<byte>(_output, produced));
                if (code < 0)
                {
                    _error = _members == 0
                        ? $"corrupt gzip stream: {Describe(code)} (after {content.TotalBytes} bytes of content)"
                        : $"corrupt data after gzip member {_members}: {Describe(code)}";
                    break;
                }
                if (MemberFinished(_state))
                {
                    _insideMember = false;
                    _members++;
                }
                else if (produced < OutputSize && (_state->AvailIn == 0 || _state->AvailIn == before))
                {
                    break; // everything produced that this chunk allows: the member goes on in the next one
                }
            }
            _state->NextIn = null;
            _state->NextOut = null;
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
        NativeMemory.Free(_state);
        NativeMemory.Free(_output);
    }
}
