using BackupExporter.Restore.Formats;
using BackupExporter.Restore.Sandbox;
using BackupExporter.Inspection;
using BackupExporter.Decoding;

namespace BackupExporter.Restore.Runner;

/// <summary>
/// How much scratch space a drill of an artifact needs, estimated before anything is written: the SQL a logical
/// dump holds times <see cref="InnoDbFactor"/>, plus an empty data directory; a physical backup's whole chain (the
/// full backup and every incremental up to the newest, as extracted) twice (the copies, then the full one prepared
/// in place), plus the sandbox's redo log.
/// </summary>
internal static class DiskEstimate
{
    /// <summary>
    /// Data directory bytes per byte of SQL text after a load into InnoDB, with the sandbox's options, measured by
    /// bench/drill.sh (bench/README.md, "Restore drills"): 1.21 for one table with a primary key only (the 480 MiB bench
    /// dump), 3.21 for 4 large and 3.40 for 200 small tables with two secondary indexes each (the secondary indexes,
    /// half-full pages and their change buffer, not the SQL, take the room). 4 is the largest measured plus 18 %; a
    /// schema with more secondary indexes per byte of row can need more.
    /// </summary>
    public const double InnoDbFactor = 4;

    /// <summary>
    /// What mariadb-install-db writes with the sandbox's options, measured on MariaDB 10.11: 529 MiB, of which the redo
    /// log (<see cref="SandboxServer.RedoLogBytes"/>) is 512 MiB, the system tables and ibdata1 the rest.
    /// </summary>
    public const long EmptyDataDirectory = SandboxServer.RedoLogBytes + (32L << 20);

    /// <param name="artifacts">the set's artifacts as observed, where the bases of an incremental are found</param>
    public static long Need(RestoreMethod method, ArtifactObservation artifact, IReadOnlyList<ArtifactObservation> artifacts,
        DecoderLibraries decoders,
        CancellationToken cancellationToken)
    {
        return method switch
        {
            RestoreMethod.Physical => 2 * Chain(artifact, artifacts).Sum(link => Directory.Exists(link.Path)
                ? Directory.EnumerateFiles(link.Path, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length)
                : ContentBytes(link.Path, decoders, cancellationToken)) + EmptyDataDirectory,
            RestoreMethod.Logical => (long)((Directory.Exists(artifact.Path)
                ? Directory.EnumerateFiles(artifact.Path, "*", SearchOption.AllDirectories)
                    .Sum(f => ContentBytes(f, decoders, cancellationToken))
                : ContentBytes(artifact.Path, decoders, cancellationToken)) * InnoDbFactor) + EmptyDataDirectory,
        };
    }

    /// <summary>
    /// The artifact and the bases it is applied on, by the LSN rule the restore follows (an incremental's from_lsn is
    /// its base's to_lsn; a full-prepared backup is no base). A base that is not found ends the chain: the restore
    /// then fails for that reason, not for its disk.
    /// </summary>
    private static IEnumerable<ArtifactObservation> Chain(ArtifactObservation newest, IReadOnlyList<ArtifactObservation> artifacts)
    {
        var link = newest;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (seen.Add(link.Path))
        {
            yield return link;
            if (link.Facts is not { Incremental: true } facts)
                yield break;
            var from = facts.FromLsn ?? 0;
            var current = link;
            link = artifacts.LastOrDefault(a => a != current && !a.InProgress && a.Facts?.ToLsn == from
                && a.Facts.BackupType != "full-prepared");
            if (link is null)
                yield break;
        }
    }

    /// <summary>
    /// The uncompressed size: the file's own for plain text; for zstd the sizes its frames state; else counted by
    /// decoding, without keeping a copy. gzip is always decoded: its trailer's ISIZE is the size modulo 4 GiB of the
    /// last member only, so a multi-member file (concatenated or appended) or a dump over 4 GiB would be underestimated.
    /// </summary>
    public static long ContentBytes(string path, DecoderLibraries decoders, CancellationToken cancellationToken)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 20,
            FileOptions.SequentialScan);
        Span<byte> magic = stackalloc byte[4];
        var n = file.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        var format = CompressionFormats.Detect(magic[..n]);
        if (format == CompressionFormat.None)
            return file.Length;
        if (format == CompressionFormat.Zstd && ZstdContentSize.Read(file) is { } stated)
            return stated;
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
