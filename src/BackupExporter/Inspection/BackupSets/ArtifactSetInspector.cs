using BackupExporter.Inspection.Artifacts;
using BackupExporter.Platform;
using BackupExporter.Configuration;
using BackupExporter.Inspection.Retention;
using BackupExporter.Inspection.Volume;
using System.Runtime.InteropServices;

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
    private readonly DisappearanceTracker? _disappearances;

    // What is known of each artifact listed by the previous round, by path: the signature it had then and the verdict
    // made for that signature. One entry per artifact, updated in place, keyed by the path string first seen: a round
    // of unchanged artifacts keeps every object it had (the listing's new strings and sightings die young), so the
    // snapshot shares the very same observations and the series cached from them stay valid. Runs never overlap (the
    // scheduler waits for a timed-out run to end): plain collections.
    private readonly Dictionary<string, Known> _known = new(StringComparer.Ordinal);
    private IReadOnlyList<ArtifactObservation> _previousArtifacts = [];
    private int _round;

    // Held in the dictionary's own entries (a struct), updated through a reference to them: no object per artifact.
    private struct Known
    {
        public ArtifactSignature Signature;

        /// <summary>The verdict for <see cref="Signature"/>; null until made, or when it must be made again each round.</summary>
        public ArtifactObservation? Verdict;

        public int SeenInRound;
    }

    public ArtifactSetInspector(BackupSetConfig set, IArtifactShape shape, TimeProvider clock, Action<long> countBytesRead,
        DisappearanceTracker? disappearances = null)
    {
        _disappearances = disappearances;
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
        var round = ++_round;
        var (entries, pathProblem) = _shape.List();
        var artifacts = new List<ArtifactObservation>(entries.Count);
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_shape.See(entry, cancellationToken) is not { } sighting)
                continue; // removed since the listing, e.g. by retention
            if (Observe(entry, sighting, round, now, cancellationToken) is { } artifact)
                artifacts.Add(artifact);
        }

        // Forget what is gone, so that nothing grows without bound.
        if (_known.Count > artifacts.Count)
        {
            foreach (var (path, known) in _known)
            {
                if (known.SeenInRound == round)
                    continue;
                _known.Remove(path);
                _shape.Forget(path);
            }
        }

        // Dated in the order the files were written (a record that predates the artifact written before it is said),
        // then ordered by that date: "newest" is the newest by the tool's record, whatever a copy did to the files.
        artifacts.Sort((a, b) => a.ModifiedTime != b.ModifiedTime ? a.ModifiedTime.CompareTo(b.ModifiedTime)
            : string.CompareOrdinal(a.Path, b.Path));
        RecordedDates.Check(artifacts, now);
        artifacts.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : string.CompareOrdinal(a.Path, b.Path));
        var related = _shape.Relate(artifacts);
        if (SameObjects(related, _previousArtifacts))
            related = _previousArtifacts; // the snapshot keeps one list while nothing changed
        _previousArtifacts = related;
        var (volume, volumeProblem) = pathProblem is null ? VolumeProbe.Probe(_set.Path) : (null, null);
        // A directory that cannot be listed says nothing of what was removed from it.
        var gone = pathProblem is null && _disappearances is not null ? _disappearances.Update(related, now) : [];
        return new BackupSetObservation(_set.Name, now, pathProblem, related, volume, volumeProblem, _watchingSince) { Disappeared = gone };
    }

    private ArtifactObservation? Observe(ListedFile entry, ArtifactSighting sighting, int round, DateTimeOffset now, CancellationToken ct)
    {
        // Changing since the previous round, even with the tool's final marker present (a prepare, a copy), is as
        // unfinished as changing without it.
        var changed = false;
        ref var known = ref CollectionsMarshal.GetValueRefOrAddDefault(_known, entry.Path, out var exists);
        if (!exists)
            known.Signature = sighting.Signature;
        else if (!known.Signature.Equals(sighting.Signature))
        {
            changed = known.SeenInRound == round - 1;
            known.Signature = sighting.Signature;
            known.Verdict = null;
        }
        known.SeenInRound = round;

        if (sighting.Problem is not null)
            return _shape.Unreadable(entry, sighting, sighting.Problem);
        if (StillBeingWritten.Check(changed, entry.Path, sighting.SizeBytes, sighting.NewestChange, now, _set.SettleTime) is { } inProgress)
            return inProgress;
        if (known.Verdict is { } cached)
            return cached;
        if (!entry.IsDirectory && sighting.SizeBytes == 0)
            return known.Verdict = EmptyArtifact.Observe(entry.Path, sighting.NewestChange);
        var verdict = Verify(entry, sighting, ct);
        if (verdict.Keep)
            known.Verdict = verdict.Observation; // still valid: nothing is added to or removed from _known while verifying
        return verdict.Observation;
    }

    /// <returns>the verdict, and whether it stands until the artifact changes (an unreadable one is made again each round)</returns>
    private (ArtifactObservation? Observation, bool Keep) Verify(ListedFile entry, ArtifactSighting sighting, CancellationToken ct)
    {
        ArtifactObservation verdict;
        try
        {
            (verdict, var bytesRead) = _shape.Verify(entry, sighting, ct);
            _countBytesRead(bytesRead);
            verdict = RecordedDates.Stamp(verdict, _set.TimeZone);
        }
        catch (FileNotFoundException) when (!entry.Path.Contains('\uFFFD'))
        {
            return (null, false); // deleted between listing and reading, e.g. by retention: simply gone
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not kept: fixing the permission must show at the next round.
            return (_shape.Unreadable(entry, sighting, ReadProblem.Describe(entry.Path, e)), false);
        }
        return (verdict, true);
    }

    private static bool SameObjects(IReadOnlyList<ArtifactObservation> a, IReadOnlyList<ArtifactObservation> b)
    {
        if (a.Count != b.Count)
            return false;
        for (var i = 0; i < a.Count; i++)
        {
            if (!ReferenceEquals(a[i], b[i]))
                return false;
        }
        return true;
    }
}
