using System.Runtime.InteropServices;

namespace BackupExporter.Decoding;

/// <summary>
/// The system libzstd (libzstd.so.1, installed with every Debian because apt and dpkg use it): the reference
/// decoder, faster than the managed port. Optional: where it is missing zstd goes through ZstdSharp. Bound by
/// function pointers, so a missing library is a fallback, not a crash, and nothing needs reflection (Native AOT).
/// </summary>
internal static unsafe class LibzstdNative
{
    private const string Library = "libzstd.so.1";

    /// <summary><c>ZSTD_inBuffer</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct InBuffer
    {
        public byte* Source;
        public nuint Size;
        public nuint Position;
    }

    /// <summary><c>ZSTD_outBuffer</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct OutBuffer
    {
        public byte* Destination;
        public nuint Size;
        public nuint Position;
    }

    private static readonly delegate* unmanaged<void*> CreateFunction;
    private static readonly delegate* unmanaged<void*, nuint> FreeFunction;
    private static readonly delegate* unmanaged<void*, OutBuffer*, InBuffer*, nuint> DecompressFunction;
    private static readonly delegate* unmanaged<nuint, uint> IsErrorFunction;
    private static readonly delegate* unmanaged<nuint, sbyte*> ErrorNameFunction;
    private static readonly delegate* unmanaged<nuint> OutSizeFunction;

    /// <summary>Why libzstd is not used, or null when it is.</summary>
    public static string? Unavailable { get; }

    public static bool IsLoaded => Unavailable is null;

    static LibzstdNative()
    {
        Unavailable = OptionalNativeLibrary.TryBind(Library, "libzstd1", "the streaming decompression API",
            ["ZSTD_createDStream", "ZSTD_freeDStream", "ZSTD_decompressStream", "ZSTD_isError", "ZSTD_getErrorName", "ZSTD_DStreamOutSize"],
            out var exports);
        if (Unavailable is not null)
            return;
        CreateFunction = (delegate* unmanaged<void*>)exports[0];
        FreeFunction = (delegate* unmanaged<void*, nuint>)exports[1];
        DecompressFunction = (delegate* unmanaged<void*, OutBuffer*, InBuffer*, nuint>)exports[2];
        IsErrorFunction = (delegate* unmanaged<nuint, uint>)exports[3];
        ErrorNameFunction = (delegate* unmanaged<nuint, sbyte*>)exports[4];
        OutSizeFunction = (delegate* unmanaged<nuint>)exports[5];
    }

    public static void* CreateStream() => CreateFunction();

    public static void FreeStream(void* stream) => _ = FreeFunction(stream);

    /// <summary>0 when a frame is complete and flushed, a hint of the input still wanted, or an error code.</summary>
    public static nuint Decompress(void* stream, OutBuffer* output, InBuffer* input) => DecompressFunction(stream, output, input);

    public static bool IsError(nuint code) => IsErrorFunction(code) != 0;

    public static string ErrorName(nuint code) => new(ErrorNameFunction(code));

    /// <summary>The output size that lets libzstd write a whole block at once (128 KiB + a little).</summary>
    public static int RecommendedOutputSize() => (int)OutSizeFunction();
}
