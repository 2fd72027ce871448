using BackupExporter.Inspection.Artifacts;
using BackupExporter.Inspection.Verification;
namespace BackupExporter.Inspection.BackupSets;

/// <summary>
/// What an unchanged artifact is recognised by: size and mtime of a file; bytes, newest mtime and file count of a
/// directory. A value, kept in the set inspection's table without an object of its own.
/// </summary>
internal readonly record struct ArtifactSignature(long Bytes, long NewestTicks, int Files = 0);

/// <summary>
/// What a stat-only look at one listed artifact saw. <see cref="Signature"/> is what an unchanged artifact is
/// recognised by (size and mtime of a file; file count, bytes and newest mtime of a directory); <see cref="Walk"/>
/// is kept for the verification of a directory, so its files are not listed twice.
/// </summary>
internal sealed record ArtifactSighting(ArtifactSignature Signature, long SizeBytes, DateTimeOffset NewestChange, string? Problem,
    DirectoryWalk? Walk = null)
{
    /// <summary>A file as its listing saw it: recognised by size and mtime.</summary>
    public static ArtifactSighting OfFile(ListedFile entry) =>
        new(new ArtifactSignature(entry.SizeBytes, entry.ModifiedTime.UtcTicks), entry.SizeBytes, entry.ModifiedTime, entry.ListingProblem);
}

/// <summary>
/// The per-kind part of a set inspection (see <see cref="ArtifactSetInspector"/>, which does the rest): how a kind's
/// artifacts are listed, looked at, verified one by one, and judged against each other.
/// </summary>
internal interface IArtifactShape
{
    /// <returns>the candidate artifacts (stat only), or a problem with the set's directory</returns>
    (IReadOnlyList<ListedFile> Entries, string? Problem) List();

    /// <returns>what a stat says about the entry; null when it vanished since the listing</returns>
    ArtifactSighting? See(ListedFile entry, CancellationToken cancellationToken);

    /// <summary>Reads the artifact once and decides every check it can decide alone.</summary>
    /// <exception cref="IOException">it cannot be read (<see cref="FileNotFoundException"/>: it was removed)</exception>
    /// <exception cref="UnauthorizedAccessException">permission denied</exception>
    (ArtifactObservation Observation, long BytesRead) Verify(ListedFile entry, ArtifactSighting sighting,
        CancellationToken cancellationToken);

    /// <summary>An artifact that cannot be read: each check it would have had fails with the problem.</summary>
    ArtifactObservation Unreadable(ListedFile entry, ArtifactSighting sighting, string problem);

    /// <summary>The checks that need the other artifacts (the chain of incrementals, the backup log); oldest first.</summary>
    IReadOnlyList<ArtifactObservation> Relate(IReadOnlyList<ArtifactObservation> artifacts);

    /// <summary>The artifact is gone: drop whatever is kept for it.</summary>
    void Forget(string path);
}
