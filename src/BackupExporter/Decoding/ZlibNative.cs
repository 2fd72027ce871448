using System.Runtime.InteropServices;

namespace BackupExporter.Decoding;

/// <summary>
/// The system zlib (libz.so.1, present on every Linux distribution). .NET's GZipStream cannot be used for
/// verification: it returns end-of-stream for a gzip file cut off before its trailer instead of failing.
/// </summary>
internal static unsafe partial class ZlibNative
{
    private const string Library = "libz.so.1";

    public const int Ok = 0;
    public const int StreamEnd = 1;
    public const int NeedDict = 2;
    public const int BufError = -5;
    public const int NoFlush = 0;

    /// <summary>Window bits for gzip framing only (15 + 16): a zlib or raw stream is an error, not a guess.</summary>
    public const int GzipWindowBits = 31;

    /// <summary>zlib's <c>z_stream</c>; <c>uLong</c> is C's <c>unsigned long</c>, hence <see cref="CULong"/>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ZStream
    {
        public byte* NextIn;
        public uint AvailIn;
        public CULong TotalIn;
        public byte* NextOut;
        public uint AvailOut;
        public CULong TotalOut;
        public sbyte* Msg;
        public void* State;
        public void* ZAlloc;
        public void* ZFree;
        public void* Opaque;
        public int DataType;
        public CULong Adler;
        public CULong Reserved;
    }

    [LibraryImport(Library, EntryPoint = "zlibVersion")]
    public static partial sbyte* Version();

    [LibraryImport(Library, EntryPoint = "inflateInit2_")]
    public static partial int InflateInit2(ZStream* stream, int windowBits, sbyte* version, int streamSize);

    [LibraryImport(Library, EntryPoint = "inflate")]
    public static partial int Inflate(ZStream* stream, int flush);

    [LibraryImport(Library, EntryPoint = "inflateReset")]
    public static partial int InflateReset(ZStream* stream);

    /// <summary>CRC-32 (ISO 3309), continued from <paramref name="crc"/>: the checksum of xbstream chunks.</summary>
    [LibraryImport(Library, EntryPoint = "crc32")]
    public static partial CULong Crc32(CULong crc, byte* buffer, uint length);

    public static uint Crc32(uint crc, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
            return (uint)Crc32(new CULong(crc), p, (uint)data.Length).Value;
    }

    [LibraryImport(Library, EntryPoint = "inflateEnd")]
    public static partial int InflateEnd(ZStream* stream);

    public static string Message(ZStream* stream, int code) =>
        stream->Msg != null ? new string(stream->Msg) : $"zlib error {code}";
}
