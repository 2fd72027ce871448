using BackupExporter.Inspection.Artifacts;
using BackupExporter.Configuration;
using BackupExporter.Inspection.Artifacts.Physical;
using BackupExporter.Inspection.Verification;
using BackupExporter.Decoding;

namespace BackupExporter.Inspection.BackupSets;

/// <summary>
/// The artifacts of a set whose backups are directories: <c>xtrabackup</c> / <c>mariabackup</c> (also .xbstream
/// files), <c>mydumper</c>, <c>mysqlsh</c>. A directory is walked (stat only) at each look; its tool's final files
/// decide <c>complete</c> (the kind's <see cref="IDirectoryArtifactReader"/>), its manifest <c>checksum</c>. A
/// directory that settles without its final file fails <c>complete</c>.
/// </summary>
internal sealed class DirectoryShape : IArtifactShape
{
    private readonly BackupSetConfig _set;
    private readonly IDirectoryArtifactReader _reader;
    private readonly bool _physical;
    private readonly DirectoryManifest _manifest;
    private readonly CompletionLog? _log;

    /// <param name="physical">xtrabackup or mariabackup: .xbstream files, the incremental chain and the backup log apply</param>
    public DirectoryShape(BackupSetConfig set, IDirectoryArtifactReader reader, bool physical, Action<long> countBytesRead)
    {
        _set = set;
        _reader = reader;
        _physical = physical;
        _manifest = new DirectoryManifest(countBytesRead);
        _log = physical && set.Log is { } log ? new CompletionLog(log) : null;
    }

    public (IReadOnlyList<ListedFile> Entries, string? Problem) List() =>
        ArtifactListing.ListEntries(_set.Path, _set.Pattern, name => _physical && XbstreamVerifier.IsXbstreamName(name));

    public ArtifactSighting? See(ListedFile entry, CancellationToken cancellationToken)
    {
        if (!entry.IsDirectory)
            return ArtifactSighting.OfFile(entry);
        if (!Directory.Exists(entry.Path))
            return null;
        var walk = DirectoryWalk.Walk(entry.Path, cancellationToken);
        return new ArtifactSighting(new ArtifactSignature(walk.TotalBytes, walk.NewestChange.UtcTicks, walk.Files.Count), walk.TotalBytes,
            walk.NewestChange, walk.Problem, walk);
    }

    public (ArtifactObservation Observation, long BytesRead) Verify(ListedFile entry, ArtifactSighting sighting,
        CancellationToken cancellationToken)
    {
        if (sighting.Walk is not { } walk)
        {
            var stream = XbstreamVerifier.Verify(entry.Path, _set.Checksum, _set.TimeZone, cancellationToken);
            return (new ArtifactObservation(entry.Path, entry.SizeBytes, entry.ModifiedTime, false,
                stream.Checks, stream.Facts, stream.Compression), stream.BytesRead);
        }
        var (complete, facts) = _reader.Read(entry.Path, walk, _set.TimeZone);
        var checks = CheckTable.Of(CheckNames.Complete, complete);
        if (_set.Checksum != ChecksumMode.None)
            checks = checks.With(CheckNames.Checksum, _manifest.Verify(entry.Path, walk,
                _set.Checksum, cancellationToken)); // counts its own bytes
        return (new ArtifactObservation(entry.Path, walk.TotalBytes, walk.NewestChange, false,
            checks, facts, CompressionFormat.None), 0);
    }

    public ArtifactObservation Unreadable(ListedFile entry, ArtifactSighting sighting, string problem)
    {
        var failed = CheckResult.Fail(problem);
        var checks = CheckTable.Of(CheckNames.Complete, failed);
        if (_set.Checksum != ChecksumMode.None)
            checks = checks.With(CheckNames.Checksum, failed);
        return new ArtifactObservation(entry.Path, sighting.SizeBytes, sighting.NewestChange, false, checks, null, CompressionFormat.None);
    }

    public IReadOnlyList<ArtifactObservation> Relate(IReadOnlyList<ArtifactObservation> artifacts)
    {
        if (_log is not null)
            artifacts = _log.Apply(artifacts);
        return _physical ? IncrementalChain.Apply(artifacts) : artifacts;
    }

    public void Forget(string path) => _manifest.Forget(path);
}
