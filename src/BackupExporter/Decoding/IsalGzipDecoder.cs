using System.Runtime.InteropServices;
using static BackupExporter.Decoding.IsalNative;

namespace BackupExporter.Decoding;

/// <summary>
/// Inflates gzip with ISA-L, which checks every member's CRC-32 and length itself. The same verdicts as
/// <see cref="ZlibGzipDecoder"/>, from the same <see cref="GzipDecoder"/> bookkeeping.
/// </summary>
internal sealed unsafe class IsalGzipDecoder : GzipDecoder
{
    private const int OutputSize = 1024 * 1024;

    private readonly InflateState* _state;
    private readonly byte* _output = (byte*)NativeMemory.Alloc(OutputSize);

    public IsalGzipDecoder()
    {
        if (Unavailable is { } why)
            throw new InvalidOperationException(why);
        _state = CreateGzipState();
    }

    protected override string? Decode(ReadOnlySpan<byte> raw, ContentWindow content)
    {
        string? error = null;
        fixed (byte* input = raw)
        {
            _state->NextIn = input;
            _state->AvailIn = (uint)raw.Length;
            while (true)
            {
                if (!InsideMember)
                {
                    if (_state->AvailIn == 0)
                        break;
                    if (Members > 0)
                        ResetForNextMember(_state); // the next member of a multi-member file
                    BeginMember();
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
                    error = Corrupt(Describe(code), content);
                    break;
                }
                if (MemberFinished(_state))
                {
                    EndMember();
                }
                else if (produced < OutputSize && (_state->AvailIn == 0 || _state->AvailIn == before))
                {
                    break; // everything produced that this chunk allows: the member goes on in the next one
                }
            }
            _state->NextIn = null;
            _state->NextOut = null;
        }
        return error;
    }

    public override void Dispose()
    {
        NativeMemory.Free(_state);
        NativeMemory.Free(_output);
    }
}
