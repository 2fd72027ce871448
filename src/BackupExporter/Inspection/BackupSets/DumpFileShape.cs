using BackupExporter.Inspection.Artifacts;
using BackupExporter.Configuration;
using BackupExporter.Decoding;

namespace BackupExporter.Inspection.BackupSets;

/// <summary>The artifacts of a <c>kind: mysqldump</c> set: dump files, each verified from one read (MysqldumpVerifier).</summary>
internal sealed class DumpFileShape(BackupSetConfig set) : IArtifactShape
{
    public (IReadOnlyList<ListedFile> Entries, string? Problem) List() => ArtifactListing.List(set.Path, set.Pattern);

    public ArtifactSighting See(ListedFile entry, CancellationToken cancellationToken) => ArtifactSighting.OfFile(entry);

    public (ArtifactObservation Observation, long BytesRead) Verify(ListedFile entry, ArtifactSighting sighting,
        CancellationToken cancellationToken)
    {
        var verification = MysqldumpVerifier.Verify(entry.Path, set.Checksum, cancellationToken);
        return (new ArtifactObservation(entry.Path, entry.SizeBytes, entry.ModifiedTime, false,
            verification.Checks, verification.Facts, verification.Compression)
            { UncompressedBytes = verification.ContentBytes }, verification.BytesRead);
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
