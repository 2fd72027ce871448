using BackupExporter.Configuration;
using BackupExporter.Inspection.Verification;

namespace BackupExporter.Inspection.Drills;

/// <summary>
/// How much scratch space a drill of an artifact needs, estimated before anything is written: the SQL a logical
/// dump holds (compressed files are decoded once to count it) times <see cref="InnoDbFactor"/>, plus an empty data
/// directory; a physical backup twice its size (the copy, then prepared in place, with room for the redo log).
/// </summary>
internal static class DiskEstimate
{
    /// <summary>
    /// Data directory bytes per byte of SQL text after a load into InnoDB (pages are not full, secondary indexes and
    /// row headers add to the text): a margin, not yet measured (bench/README.md, "Restore drills" says what to run).
    /// </summary>
    public const double InnoDbFactor = 1.5;

    /// <summary>What mariadb-install-db writes (system tables, ibdata1, the redo log), measured on MariaDB 10.11: 114 MiB.</summary>
    public const long EmptyDataDirectory = 128L << 20;

    public static long Need(BackupKind kind, string artifact, DecoderLibraries decoders, CancellationToken cancellationToken)
    {
        if (kind.IsPhysical())
            return 2 * SizeOf(artifact) + EmptyDataDirectory;
        var sql = Directory.Exists(artifact)
            ? Directory.EnumerateFiles(artifact, "*", SearchOption.AllDirectories).Sum(f => ContentBytes(f, decoders, cancellationToken))
            : ContentBytes(artifact, decoders, cancellationToken);
        return (long)(sql * InnoDbFactor) + EmptyDataDirectory;
    }

    private static long SizeOf(string path) => Directory.Exists(path)
        ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length)
        : new FileInfo(path).Length;

    /// <summary>The uncompressed size: the file's own for plain text, else counted by decoding (no copy is kept).</summary>
    public static long ContentBytes(string path, DecoderLibraries decoders, CancellationToken cancellationToken)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 20, FileOptions.SequentialScan);
        Span<byte> magic = stackalloc byte[4];
        var n = file.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        var format = CompressionFormats.Detect(magic[..n]);
        if (format == CompressionFormat.None)
            return file.Length;
        file.Position = 0;
        using var window = new ContentWindow();
        using var decoder = decoders.Create(format);
        var buffer = new byte[1 << 20];
        while ((n = file.Read(buffer)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            decoder.Feed(buffer.AsSpan(0, n), window);
        }
        return window.TotalBytes;
    }
}
