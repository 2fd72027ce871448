using System.Security.Cryptography;
using BackupExporter.Decoding;

namespace BackupExporter.Inspection.Verification;

/// <summary>What one read of an artifact established.</summary>
internal sealed record OnePassResult(
    long BytesRead,
    CompressionFormat Compression,
    string? ActualHexDigest,
    string? CompressionError,
    long DecompressedBytes,
    byte[] Head,
    byte[] Tail)
{
    /// <summary>The <c>compression</c> check: the stream decompressed to its proper end (always, for a plain file).</summary>
    public CheckResult CompressionCheck() => CompressionError is { } error
        ? CheckResult.Fail(error)
        : CheckResult.FixedPass(Compression == CompressionFormat.None ? "not compressed"
            : CompressionFormats.Name(Compression) + " stream intact");
}

/// <summary>
/// Reads an artifact exactly once: every chunk is hashed (when asked) and decompressed in the same pass, and the
/// decompressed content's beginning and end are kept for the dump parsers. Never writes, never blocks a writer.
/// </summary>
internal static class OnePassReader
{
    /// <exception cref="IOException">the file cannot be opened or read</exception>
    /// <exception cref="UnauthorizedAccessException">permission denied</exception>
    public static OnePassResult Read(string path, ChecksumAlgorithm? algorithm, CancellationToken cancellationToken,
        IContentObserver? observer = null, DecoderLibraries? libraries = null)
    {
        using var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete, // a backup being written or rotated is never blocked
            Options = FileOptions.SequentialScan,
            BufferSize = 0, // we read in large chunks ourselves
        });
        using var hash = algorithm switch
        {
            ChecksumAlgorithm.Md5 => IncrementalHash.CreateHash(HashAlgorithmName.MD5),
            ChecksumAlgorithm.Sha256 => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
            _ => null,
        };
        var buffer = ReadBuffers.ForFile(file.Length);
        try
        {
            using var content = new ContentWindow(observer);
            var read = Fill(file, buffer);
            var compression = CompressionFormats.Detect(buffer.AsSpan(0, read));
            using var decoder = (libraries ?? DecoderLibraries.Installed).Create(compression);
            long total = 0;
            string? bomb = null;
            // A file that fit in the first read has nothing left to read ahead: no thread and no more buffers for it.
            if (hash is not null && compression != CompressionFormat.None && read == buffer.Length)
            {
                // Decompression is the slow part: reading and hashing run ahead of it on another core, so a pass
                // takes about as long as decompression alone, not the sum of both.
                using var ahead = new HashingReadAhead(file, hash, buffer, read, cancellationToken);
                foreach (var chunk in ahead.Chunks(cancellationToken))
                {
                    decoder.Feed(chunk.Span, content);
                    total += chunk.Length;
                    if ((bomb = InflationBound.Exceeded(compression, total, content.TotalBytes)) is not null)
                        break;
                }
            }
            else
            {
                while (read > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var chunk = buffer.AsSpan(0, read);
                    hash?.AppendData(chunk);
                    decoder.Feed(chunk, content);
                    total += read;
                    if ((bomb = InflationBound.Exceeded(compression, total, content.TotalBytes)) is not null)
                        break;
                    read = Fill(file, buffer);
                }
            }
            var head = content.Head();
            var error = bomb ?? (compression == CompressionFormat.None ? TooShort(head) : decoder.Finish());
            // A digest of part of the file would read as a mismatch: a stopped read has none.
            var digest = hash is null || bomb is not null ? null : Convert.ToHexStringLower(hash.GetHashAndReset());
            return new OnePassResult(total, compression, digest,
                error, content.TotalBytes, head, content.Tail());
        }
        finally
        {
            ReadBuffers.Return(buffer);
        }
    }

    /// <summary>
    /// A file too short to hold a magic number cannot be judged plain: empty, or cut inside a compression header
    /// (detection needs the whole magic number, so such a file would otherwise pass as uncompressed).
    /// </summary>
    private static string? TooShort(ReadOnlySpan<byte> wholeFile)
    {
        if (wholeFile.IsEmpty)
            return "truncated: the file is empty (0 bytes read)";
        return CompressionFormats.CutOffMagic(wholeFile) is { } format
            ? $"truncated: the file ends inside the {CompressionFormats.Name(format)} magic number ({wholeFile.Length} bytes read)"
            : null;
    }

    /// <summary>Reads until the buffer is full or the file ends, so chunk boundaries do not depend on the kernel.</summary>
    internal static int Fill(FileStream file, byte[] buffer)
    {
        var filled = 0;
        int n;
        while (filled < buffer.Length && (n = file.Read(buffer, filled, buffer.Length - filled)) > 0)
            filled += n;
        return filled;
    }
}
