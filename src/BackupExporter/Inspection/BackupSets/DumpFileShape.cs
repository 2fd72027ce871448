using BackupExporter.Inspection.Artifacts;
using BackupExporter.Configuration;
using BackupExporter.Decoding;
using BackupExporter.Inspection.Verification;

namespace BackupExporter.Inspection.BackupSets;

/// <summary>The artifacts of a <c>kind: mysqldump</c> set: dump files, each verified from one read (MysqldumpVerifier).</summary>
internal sealed class DumpFileShape(BackupSetConfig set) : IArtifactShape
{
    public (IReadOnlyList<ListedFile> Entries, string? Problem) List() => ArtifactListing.List(set.Path, set.Pattern);

    public ArtifactSighting See(ListedFile entry, CancellationToken cancellationToken) => ArtifactSighting.OfFile(entry);

    public (ArtifactObservation Observation, long BytesRead) Verify(ListedFile entry, ArtifactSighting sighting,
        CancellationToken cancellationToken)
    {
        var readAt = DateTimeOffset.UtcNow;
        var verification = MysqldumpVerifier.Verify(entry.Path, set.Checksum, cancellationToken, digest: set.Reverify is not null);
        return (new ArtifactObservation(entry.Path, entry.SizeBytes, entry.ModifiedTime, false,
            verification.Checks, verification.Facts, verification.Compression)
        {
            UncompressedBytes = verification.ContentBytes,
            // Kept only where re-verification will compare with it: otherwise no string per artifact.
            Digest = set.Reverify is not null && verification.Digest is var (algorithm, hex)
                ? new ArtifactDigest(ChecksumSidecars.Name(algorithm), hex, readAt) : null,
        }, verification.BytesRead);
    }

    public ArtifactObservation Unreadable(ListedFile entry, ArtifactSighting sighting, string problem)
    {
        var failed = CheckResult.Fail(problem);
        var checks = CheckTable.Of(CheckNames.Complete, failed).With(CheckNames.Compression, failed);
        if (set.Checksum != ChecksumMode.None)
            checks = checks.With(CheckNames.Checksum, failed);
        return new ArtifactObservation(entry.Path, entry.SizeBytes, entry.ModifiedTime, false, checks, null, CompressionFormat.None);
    }

    public IReadOnlyList<ArtifactObservation> Relate(IReadOnlyList<ArtifactObservation> artifacts) => artifacts;

    public void Forget(string path)
    {
    }
}
