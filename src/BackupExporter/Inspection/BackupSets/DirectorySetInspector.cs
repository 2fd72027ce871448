using BackupExporter.Configuration;
using BackupExporter.Inspection.Artifacts;
using BackupExporter.Inspection.Artifacts.Physical;
using BackupExporter.Inspection.Cadence;
using BackupExporter.Inspection.Verification;
using BackupExporter.Inspection.Volume;
using BackupExporter.Platform;

namespace BackupExporter.Inspection.BackupSets;

/// <summary>
/// Inspects a backup set whose artifacts are directories: <c>xtrabackup</c> / <c>mariabackup</c> (also .xbstream
/// files), <c>mydumper</c>, <c>mysqlsh</c>. Each round walks every directory (stat only); a directory whose file
/// count, bytes and newest mtime are unchanged keeps its verdict without a file being read. A directory that is
/// still changing is in progress, with or without its tool's final file: once it settles without that file, it
/// fails <c>complete</c>.
/// </summary>
internal sealed class DirectorySetInspector : IInspection
{
    private readonly BackupSetConfig _set;
    private readonly TimeProvider _clock;
    private readonly Action<long> _countBytesRead;
    private readonly DateTimeOffset _watchingSince;
    private readonly IDirectoryArtifactReader _reader;
    private readonly DirectoryManifest _manifest;
    private readonly CompletionLog? _log;

    // Verdicts by artifact path, with the signature they were made for. Runs never overlap: plain collections.
    private readonly Dictionary<string, (object Signature, ArtifactObservation Verdict)> _verdicts = new(StringComparer.Ordinal);
    private Dictionary<string, object> _previousRound = new(StringComparer.Ordinal);

    public DirectorySetInspector(BackupSetConfig set, IDirectoryArtifactReader reader, TimeProvider clock, Action<long> countBytesRead)
    {
        _set = set;
        _clock = clock;
        _countBytesRead = countBytesRead;
        _watchingSince = clock.GetUtcNow();
        _manifest = new DirectoryManifest(countBytesRead);
        _reader = reader;
        _log = set.Kind.IsPhysical() && set.Log is { } log ? new CompletionLog(log) : null;
    }

    public string Name => InspectionNames.Backup(_set.Name);

    public TimeSpan Interval => _set.Interval;

    public TimeSpan Timeout => _set.Timeout;

    public Task<IObservation> RunAsync(CancellationToken cancellationToken) =>
        Task.Run<IObservation>(() => Inspect(cancellationToken), cancellationToken);

    public BackupSetObservation Inspect(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var (entries, pathProblem) = ArtifactListing.ListEntries(_set.Path, _set.Pattern,
            name => _set.Kind.IsPhysical() && XbstreamVerifier.IsXbstreamName(name));
        var thisRound = new Dictionary<string, object>(StringComparer.Ordinal);
        var artifacts = new List<ArtifactObservation>(entries.Count);
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var artifact = entry.IsDirectory ? ObserveDirectory(entry, now, thisRound, cancellationToken) : ObserveStream(entry, now, thisRound, cancellationToken);
            if (artifact is not null)
                artifacts.Add(artifact);
        }
        foreach (var gone in _verdicts.Keys.Where(path => !thisRound.ContainsKey(path)).ToList())
        {
            _verdicts.Remove(gone);
            _manifest.Forget(gone);
        }
        _previousRound = thisRound;

        artifacts.Sort((a, b) => a.ModifiedTime != b.ModifiedTime ? a.ModifiedTime.CompareTo(b.ModifiedTime) : string.CompareOrdinal(a.Path, b.Path));
        IReadOnlyList<ArtifactObservation> judged = artifacts;
        if (_log is not null)
            judged = _log.Apply(judged);
        if (_set.Kind.IsPhysical())
            judged = IncrementalChain.Apply(judged);
        judged = SizeJudgement.Apply(judged, _set.MinSizeBytes, _set.MaxShrink);

        var (volume, volumeProblem) = pathProblem is null ? VolumeProbe.Probe(_set.Path) : (null, null);
        var lastSuccess = judged.LastOrDefault(a => a.Status == ArtifactStatus.Ok)?.ModifiedTime;
        return new BackupSetObservation(_set.Name, now, pathProblem, judged, volume, volumeProblem,
            ScheduleDeadline.Next(_set, lastSuccess, _watchingSince));
    }

    private ArtifactObservation? ObserveDirectory(ListedFile entry, DateTimeOffset now, Dictionary<string, object> thisRound, CancellationToken ct)
    {
        if (!Directory.Exists(entry.Path))
            return null; // removed since the listing, e.g. by retention
        var walk = DirectoryWalk.Walk(entry.Path);
        object signature = walk.Signature;
        thisRound[entry.Path] = signature;
        if (walk.Problem is not null)
            return Failed(entry.Path, walk.TotalBytes, walk.NewestChange, walk.Problem);
        // Changing with the final marker present (a prepare, a copy) is as unfinished as changing without it.
        if (Unsettled(entry.Path, signature, walk.TotalBytes, walk.NewestChange, now) is { } inProgress)
            return inProgress;
        if (_verdicts.TryGetValue(entry.Path, out var cached) && cached.Signature.Equals(signature))
            return cached.Verdict;

        ArtifactObservation verdict;
        try
        {
            var (complete, facts) = _reader.Read(entry.Path, walk, _set.TimeZone);
            var checks = new Dictionary<string, CheckResult> { [CheckNames.Complete] = complete };
            if (_set.Checksum != ChecksumMode.None)
                checks[CheckNames.Checksum] = _manifest.Verify(entry.Path, walk, _set.Checksum, ct);
            verdict = new ArtifactObservation(entry.Path, walk.TotalBytes, facts?.EndedAt ?? walk.NewestChange, ArtifactStatus.Failed,
                checks, facts, CompressionFormat.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(entry.Path, walk.TotalBytes, walk.NewestChange, ReadProblem.Describe(entry.Path, e)); // not cached: a fix shows next round
        }
        _verdicts[entry.Path] = (signature, verdict);
        return verdict;
    }

    private ArtifactObservation? ObserveStream(ListedFile file, DateTimeOffset now, Dictionary<string, object> thisRound, CancellationToken ct)
    {
        object signature = (file.SizeBytes, file.ModifiedTime.UtcTicks);
        thisRound[file.Path] = signature;
        if (file.ListingProblem is not null)
            return Failed(file.Path, file.SizeBytes, file.ModifiedTime, file.ListingProblem);
        if (Unsettled(file.Path, signature, file.SizeBytes, file.ModifiedTime, now) is { } inProgress)
            return inProgress;
        if (file.SizeBytes == 0)
            return EmptyArtifact.Observe(file.Path, file.ModifiedTime);
        if (_verdicts.TryGetValue(file.Path, out var cached) && cached.Signature.Equals(signature))
            return cached.Verdict;

        DumpVerification verification;
        try
        {
            verification = XbstreamVerifier.Verify(file.Path, _set.Checksum, _set.TimeZone, ct);
        }
        catch (FileNotFoundException) when (!file.Path.Contains('\uFFFD'))
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(file.Path, file.SizeBytes, file.ModifiedTime, ReadProblem.Describe(file.Path, e));
        }
        _countBytesRead(verification.BytesRead);
        var verdict = new ArtifactObservation(file.Path, file.SizeBytes, verification.Facts.EndedAt ?? file.ModifiedTime,
            ArtifactStatus.Failed, verification.Checks, verification.Facts, verification.Compression);
        _verdicts[file.Path] = (signature, verdict);
        return verdict;
    }

    private ArtifactObservation? Unsettled(string path, object signature, long size, DateTimeOffset newestChange, DateTimeOffset now) =>
        StillBeingWritten.Check(_previousRound.TryGetValue(path, out var before) && !before.Equals(signature), path, size, newestChange, now, _set.SettleTime);

    private ArtifactObservation Failed(string path, long size, DateTimeOffset modified, string problem)
    {
        var checks = new Dictionary<string, CheckResult> { [CheckNames.Complete] = CheckResult.Fail(problem) };
        if (_set.Checksum != ChecksumMode.None)
            checks[CheckNames.Checksum] = CheckResult.Fail(problem);
        return new ArtifactObservation(path, size, modified, ArtifactStatus.Failed, checks, null, CompressionFormat.None);
    }
}
