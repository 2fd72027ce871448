using BackupExporter.Inspection.Artifacts;
using BackupExporter.Platform;
using BackupExporter.Configuration;
using BackupExporter.Inspection.Volume;

namespace BackupExporter.Inspection.BackupSets;

/// <summary>
/// Inspects a backup set whose artifacts are files or directories in one directory, whatever their kind (the kind's
/// part is its <see cref="IArtifactShape"/>): lists them (stat only), leaves those still being written
/// <c>in_progress</c>, verifies each settled one once per signature, forgets what is gone, relates the artifacts to
/// each other, and reads the volume. Verdicts that need the set (size, status, overdue) are decided from this
/// observation by Reporting/SetVerdicts.
/// </summary>
internal sealed class ArtifactSetInspector : IInspection
{
    private readonly BackupSetConfig _set;
    private readonly IArtifactShape _shape;
    private readonly TimeProvider _clock;
    private readonly Action<long> _countBytesRead;
    private readonly DateTimeOffset _watchingSince;

    // Verdicts by artifact path, with the signature they were made for. Runs never overlap (the scheduler waits for a
    // timed-out run to end): plain collections.
    private readonly Dictionary<string, (object Signature, ArtifactObservation Verdict)> _verified = new(StringComparer.Ordinal);

    // Signatures seen by the previous round: an artifact that changed since then is still being written.
    private Dictionary<string, object> _previousRound = new(StringComparer.Ordinal);

    public ArtifactSetInspector(BackupSetConfig set, IArtifactShape shape, TimeProvider clock, Action<long> countBytesRead)
    {
        _set = set;
        _shape = shape;
        _clock = clock;
        _countBytesRead = countBytesRead;
        _watchingSince = clock.GetUtcNow();
    }

    public string Name => InspectionNames.Backup(_set.Name);

    public TimeSpan Interval => _set.Interval;

    public TimeSpan Timeout => _set.Timeout;

    public Task<IObservation> RunAsync(CancellationToken cancellationToken) =>
        Task.Run<IObservation>(() => Inspect(cancellationToken), cancellationToken);

    public BackupSetObservation Inspect(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var (entries, pathProblem) = _shape.List();
        var thisRound = new Dictionary<string, object>(entries.Count, StringComparer.Ordinal);
        var artifacts = new List<ArtifactObservation>(entries.Count);
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_shape.See(entry) is not { } sighting)
                continue; // removed since the listing, e.g. by retention
            thisRound[entry.Path] = sighting.Signature;
            if (Observe(entry, sighting, now, cancellationToken) is { } artifact)
                artifacts.Add(artifact);
        }

        // Forget what is gone or changed, so that the cache cannot grow without bound.
        foreach (var path in _verified.Keys.Where(p => !thisRound.TryGetValue(p, out var s) || !s.Equals(_verified[p].Signature)).ToList())
            _verified.Remove(path);
        foreach (var path in _previousRound.Keys.Where(p => !thisRound.ContainsKey(p)))
            _shape.Forget(path);
        _previousRound = thisRound;

        artifacts.Sort((a, b) => a.ModifiedTime != b.ModifiedTime ? a.ModifiedTime.CompareTo(b.ModifiedTime) : string.CompareOrdinal(a.Path, b.Path));
        var related = _shape.Relate(artifacts);
        var (volume, volumeProblem) = pathProblem is null ? VolumeProbe.Probe(_set.Path) : (null, null);
        return new BackupSetObservation(_set.Name, now, pathProblem, related, volume, volumeProblem, _watchingSince);
    }

    private ArtifactObservation? Observe(ListedFile entry, ArtifactSighting sighting, DateTimeOffset now, CancellationToken ct)
    {
        if (sighting.Problem is not null)
            return _shape.Unreadable(entry, sighting, sighting.Problem);
        // Changing with the tool's final marker present (a prepare, a copy) is as unfinished as changing without it.
        var changed = _previousRound.TryGetValue(entry.Path, out var before) && !before.Equals(sighting.Signature);
        if (StillBeingWritten.Check(changed, entry.Path, sighting.SizeBytes, sighting.NewestChange, now, _set.SettleTime) is { } inProgress)
            return inProgress;
        if (!entry.IsDirectory && sighting.SizeBytes == 0)
            return EmptyArtifact.Observe(entry.Path, sighting.NewestChange);
        if (_verified.TryGetValue(entry.Path, out var cached) && cached.Signature.Equals(sighting.Signature))
            return cached.Verdict;

        ArtifactObservation verdict;
        try
        {
            (verdict, var bytesRead) = _shape.Verify(entry, sighting, ct);
            _countBytesRead(bytesRead);
        }
        catch (FileNotFoundException) when (!entry.Path.Contains('\uFFFD'))
        {
            return null; // deleted between listing and reading, e.g. by retention: simply gone
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not cached: fixing the permission must show at the next round.
            return _shape.Unreadable(entry, sighting, ReadProblem.Describe(entry.Path, e));
        }
        _verified[entry.Path] = (sighting.Signature, verdict);
        return verdict;
    }
}
