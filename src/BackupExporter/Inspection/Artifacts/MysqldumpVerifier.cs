using BackupExporter.Configuration;
using BackupExporter.Inspection.Verification;
using BackupExporter.Decoding;

namespace BackupExporter.Inspection.Artifacts;

/// <summary>The verdict of the per-file checks of one dump, from a single read of it.</summary>
internal sealed record DumpVerification(
    IReadOnlyDictionary<string, CheckResult> Checks,
    ArtifactFacts Facts,
    long BytesRead,
    CompressionFormat Compression)
{
    /// <summary>Bytes of SQL the stream decompressed to, counted by the same read; the compression ratio's numerator.</summary>
    public long ContentBytes { get; init; }
    /// <summary>The digest of the whole file from the same read; null when none was asked or the read stopped.</summary>
    public (ChecksumAlgorithm Algorithm, string Hex)? Digest { get; init; }
}

/// <summary>
/// Verifies one mysqldump artifact: <c>checksum</c> against its sidecar, <c>compression</c> to the end of the
/// stream, and <c>complete</c> (the tool's header line and the footer), all from one read. <c>size</c> needs the neighbours: see
/// SizeJudgement.
/// </summary>
internal static class MysqldumpVerifier
{
    /// <exception cref="IOException">the file cannot be opened or read</exception>
    /// <exception cref="UnauthorizedAccessException">permission denied</exception>
    /// <param name="digest">compute a digest even without a sidecar (sha256), for re-verification</param>
    public static DumpVerification Verify(string path, ChecksumMode mode, CancellationToken cancellationToken,
        DecoderLibraries? libraries = null, bool digest = false)
    {
        // The sidecar is looked up first, so that the read computes only the digest it names (re-verification keeps that one).
        var sidecar = ChecksumSidecars.Find(path, mode);
        var algorithm = sidecar.Expected?.Algorithm ?? (digest ? ChecksumAlgorithm.Sha256 : (ChecksumAlgorithm?)null);
        var read = OnePassReader.Read(path, algorithm, cancellationToken, libraries: libraries);
        var facts = MysqldumpText.Parse(read.Head, read.Tail);

        var checks = CheckTable.Of(CheckNames.Compression, read.CompressionCheck())
            .With(CheckNames.Complete, Completeness(read, facts, MysqldumpText.StartsWithHeader(read.Head)));
        if (mode != ChecksumMode.None)
            checks = checks.With(CheckNames.Checksum, ChecksumVerdict.Judge(sidecar, read.ActualHexDigest, path));
        return new DumpVerification(checks, facts, read.BytesRead, read.Compression)
        {
            ContentBytes = read.DecompressedBytes,
            Digest = algorithm is { } used && read.ActualHexDigest is { } hex ? (used, hex) : null,
        };
    }

    private static CheckResult Completeness(OnePassResult read, ArtifactFacts facts, bool header)
    {
        // Content from a damaged stream proves nothing: a footer inflated before a bad CRC or a missing trailer
        // may be garbled or belong to a file still being written.
        if (read.CompressionError is { } error)
            return CheckResult.Fail(facts.Completed
                ? $"cannot judge: {error}; the footer in the {read.DecompressedBytes} bytes of SQL decompressed "
                    + $"before that cannot be trusted"
                : $"cannot judge: {error}; no footer in the {read.DecompressedBytes} bytes of SQL decompressed before that");
        if (facts.Completed && !header)
            return CheckResult.Fail("a '-- Dump completed' footer but not the header line every dump starts with ('-- MariaDB dump ...' or "
                + "'-- MySQL dump ...'): not a whole dump");
        if (facts.Completed)
            return facts.CompletedAt is null ? CheckResult.FixedPass("footer present")
                : CheckResult.Pass("dump completed on ", facts.CompletedAt, "");
        return CheckResult.Fail($"no '-- Dump completed' footer: the dump was cut off after {read.DecompressedBytes} bytes of SQL");
    }
}
