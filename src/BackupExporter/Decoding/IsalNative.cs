using System.Runtime.InteropServices;

namespace BackupExporter.Decoding;

/// <summary>
/// ISA-L's inflate (libisal.so.2, Debian package libisal2): about twice as fast as zlib on x86-64. Optional: loaded
/// when installed, otherwise gzip goes through zlib. Bound by function pointers from <see cref="NativeLibrary"/>, so
/// a machine without the library is a fallback, not a crash, and no reflection is needed (Native AOT).
/// </summary>
internal static unsafe class IsalNative
{
    private const string Library = "libisal.so.2";

    /// <summary>
    /// <c>sizeof(struct inflate_state)</c> is 87,368 bytes in ISA-L 2.30 (igzip_lib.h); allocated with room to
    /// spare. Its first fields are declared below; the later ones are reached by offset.
    /// </summary>
    public const int StateAllocation = 128 * 1024;

    // Offsets in struct inflate_state of the libisal.so.2 ABI (after the two Huffman tables, whose sizes are fixed
    // by ISAL_DECODE_LONG_BITS/SHORT_BITS). CheckLayout proves them against the loaded library.
    private const int BlockStateOffset = 21160;
    private const int CrcFlagOffset = 21172;
    private const int InitialisedEnd = 21216; // block_state … tmp_out_processed: every field isal_inflate_init zeroes

    public const int GzipWrapper = 1;   // ISAL_GZIP: parse the header, check CRC-32 and ISIZE of the trailer
    public const int BlockFinish = 5;   // ISAL_BLOCK_FINISH: the member, trailer included, is complete

    /// <summary>The head of <c>struct inflate_state</c>, in declaration order.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct InflateState
    {
        public byte* NextOut;
        public uint AvailOut;
        public uint TotalOut;
        public byte* NextIn;
        public ulong ReadIn;
        public uint AvailIn;
        public int ReadInLength;
    }

    private static readonly delegate* unmanaged<InflateState*, void> InitFunction;
    private static readonly delegate* unmanaged<InflateState*, void> ResetFunction;
    private static readonly delegate* unmanaged<InflateState*, int> InflateFunction;

    /// <summary>Why ISA-L is not used, or null when it is.</summary>
    public static string? Unavailable { get; }

    public static bool IsLoaded => Unavailable is null;

    static IsalNative()
    {
        Unavailable = OptionalNativeLibrary.TryBind(Library, "libisal2", "isal_inflate",
            ["isal_inflate_init", "isal_inflate_reset", "isal_inflate"], out var exports);
        if (Unavailable is not null)
            return;
        InitFunction = (delegate* unmanaged<InflateState*, void>)exports[0];
        ResetFunction = (delegate* unmanaged<InflateState*, void>)exports[1];
        InflateFunction = (delegate* unmanaged<InflateState*, int>)exports[2];
        if (!CheckLayout())
            Unavailable = $"{Library} has an unexpected struct inflate_state layout";
    }

    /// <summary>
    /// isal_inflate_init writes zeroes exactly over block_state … tmp_out_processed: on a state filled with 0xFF,
    /// those bytes, and only those, must turn to zero where the offsets above say they are.
    /// </summary>
    private static bool CheckLayout()
    {
        var state = (byte*)NativeMemory.Alloc(StateAllocation);
        try
        {
            new Span<byte>(state, StateAllocation).Fill(0xFF);
            InitFunction((InflateState*)state);
            var fields = new ReadOnlySpan<byte>(state + BlockStateOffset, InitialisedEnd - BlockStateOffset);
            return !fields.ContainsAnyExcept((byte)0) && state[BlockStateOffset - 1] == 0xFF && state[InitialisedEnd] == 0xFF;
        }
        finally
        {
            NativeMemory.Free(state);
        }
    }

    /// <summary>A new state set up for gzip framing, in native memory (it must not move between calls).</summary>
    public static InflateState* CreateGzipState()
    {
        var state = (InflateState*)NativeMemory.AllocZeroed(StateAllocation);
        InitFunction(state);
        SetGzipWrapper(state);
        return state;
    }

    /// <summary>Ready for the next gzip member: reset clears the wrapper flag, so it is set again.</summary>
    public static void ResetForNextMember(InflateState* state)
    {
        ResetFunction(state);
        SetGzipWrapper(state);
    }

    public static int Inflate(InflateState* state) => InflateFunction(state);

    public static bool MemberFinished(InflateState* state) => *(int*)((byte*)state + BlockStateOffset) == BlockFinish;

    private static void SetGzipWrapper(InflateState* state) => *(uint*)((byte*)state + CrcFlagOffset) = GzipWrapper;

    public static string Describe(int code) => code switch
    {
        -1 => "invalid deflate block",
        -2 => "invalid deflate symbol",
        -3 => "invalid distance too far back",
        -4 => "incorrect header check",
        -5 => "unknown compression method",
        -6 => "incorrect data check (CRC-32 or length of the trailer)",
        _ => $"ISA-L error {code}",
    };
}
