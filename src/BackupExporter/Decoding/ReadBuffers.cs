using System.Buffers;

namespace BackupExporter.Decoding;

/// <summary>
/// The buffers artifacts are read through. A file smaller than a chunk gets a buffer its own size, and the pool keeps
/// a bounded number of each size: the shared pool kept a 1 MiB array for every thread that had ever rented one (and
/// more per core), which with 1,000 small dumps verified on the thread pool was 34 MB held for good.
/// </summary>
internal static class ReadBuffers
{
    public const int ChunkSize = 1024 * 1024;

    private const int SmallestBuffer = 4096;

    // Enough for two large files read at once (each takes a chunk and the read-ahead's four); more is allocated and dropped.
    private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(ChunkSize, maxArraysPerBucket: 10);

    /// <summary>
    /// A buffer for reading a file of <paramref name="fileLength"/> bytes: one chunk, or the whole file and one byte more
    /// (so that the first read already sees the end), whichever is smaller. Its length is the chunk size to read in.
    /// </summary>
    public static byte[] ForFile(long fileLength) => Pool.Rent((int)Math.Clamp(fileLength + 1, SmallestBuffer, ChunkSize));

    /// <summary>A buffer of exactly <paramref name="length"/> bytes or more, from the same pool.</summary>
    public static byte[] Rent(int length) => Pool.Rent(length);

    public static void Return(byte[] buffer) => Pool.Return(buffer);
}
