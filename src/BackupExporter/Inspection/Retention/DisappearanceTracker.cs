namespace BackupExporter.Inspection.Retention;

/// <summary>
/// Remembers the artifacts of one set across rounds and restarts (<see cref="ISeenArtifactMemory"/>) and notices a
/// good one that has gone while newer ones exist. Whether that removal was expected is the retention promise's to
/// say (Reporting). A failed artifact, or the newest one, going away says nothing here: the newest good artifact and
/// overdue speak for those. Written only when what is known changes (or an hour has passed, for the last-seen times).
/// </summary>
internal sealed class DisappearanceTracker
{
    /// <summary>How long a removal stays reported after it was noticed, unless the promise's window is longer.</summary>
    public static readonly TimeSpan DefaultKeepGone = TimeSpan.FromDays(8);

    /// <summary>The most removals kept per set: a wiped directory is reported by its newest removals, not by all.</summary>
    public const int MaxGone = 100;

    private static readonly TimeSpan RefreshLastSeen = TimeSpan.FromHours(1);

    private readonly string _backup;
    private readonly string _directory;
    private readonly ISeenArtifactMemory _memory;
    private readonly TimeSpan _keepGone;
    private readonly Action<string> _warn;
    private Dictionary<string, SeenArtifact>? _known;
    private IReadOnlyList<SeenArtifact> _gone = [];
    private DateTimeOffset _savedAt;
    private HashSet<string> _previousPresent = new(StringComparer.Ordinal);
    private DateTimeOffset _previousRound;

    /// <param name="directory">the set's directory: what was seen in another one (the set's path changed) is forgotten</param>
    public DisappearanceTracker(string backup, string directory, ISeenArtifactMemory memory, TimeSpan? window, Action<string> warn)
    {
        _backup = backup;
        _directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        _memory = memory;
        _keepGone = window is { } w && w + TimeSpan.FromDays(1) > DefaultKeepGone ? w + TimeSpan.FromDays(1) : DefaultKeepGone;
        _warn = warn;
    }

    /// <param name="artifacts">the set's artifacts of this round, oldest first</param>
    /// <returns>the good artifacts noticed gone (and still within their reporting time), oldest first</returns>
    public IReadOnlyList<SeenArtifact> Update(IReadOnlyList<ArtifactObservation> artifacts, DateTimeOffset now)
    {
        var known = _known ??= LoadKnown();
        var changed = false;
        var present = new HashSet<string>(StringComparer.Ordinal);
        DateTimeOffset? oldest = null, newest = null;
        foreach (var artifact in artifacts)
        {
            if (artifact.InProgress)
                continue;
            present.Add(artifact.Path);
            var time = artifact.Time;
            oldest = oldest is { } o && o <= time ? o : time;
            newest = newest is { } n && n >= time ? n : time;
            var good = artifact.FirstFailure is null;
            if (known.TryGetValue(artifact.Path, out var was) && was.GoneAt is null && was.Good == good
                && was.SizeBytes == artifact.SizeBytes && was.Time == time)
                continue; // the last-seen time is brought up to date when the record is written
            known[artifact.Path] = new SeenArtifact(artifact.Path, artifact.SizeBytes, time, good, now);
            changed = true;
        }

        List<string>? drop = null;
        foreach (var (path, seen) in known)
        {
            if (present.Contains(path))
                continue;
            if (seen.GoneAt is { } goneAt)
            {
                if (now - goneAt > _keepGone)
                    (drop ??= []).Add(path);
                continue;
            }
            if (seen.Good && newest is { } n && n > seen.Time)
                known[path] = seen with
                {
                    GoneAt = now,
                    OutOfOrder = oldest is { } o && o < seen.Time,
                    // Seen by the previous round of this process: that is when it was last there, not the last write.
                    LastSeen = _previousPresent.Contains(path) ? _previousRound : seen.LastSeen,
                };
            else
                (drop ??= []).Add(path);
            changed = true;
        }
        foreach (var path in drop ?? [])
        {
            known.Remove(path);
            changed = true;
        }

        _previousPresent = present;
        _previousRound = now;
        if (changed)
            _gone = Bounded(known);
        if (changed || now - _savedAt >= RefreshLastSeen)
            Save(known, present, now);
        return _gone;
    }

    private Dictionary<string, SeenArtifact> LoadKnown()
    {
        var (records, problem) = _memory.Load(_backup);
        if (problem is not null)
            _warn(problem);
        var known = new Dictionary<string, SeenArtifact>(StringComparer.Ordinal);
        // A set whose path changed is watched somewhere else now: what it saw in the old directory was not removed.
        foreach (var record in records.Where(r => Path.GetDirectoryName(r.Path) == _directory))
            known[record.Path] = record;
        _gone = Bounded(known);
        return known;
    }

    /// <summary>The removals to report, oldest first; beyond <see cref="MaxGone"/> the oldest are forgotten.</summary>
    private static List<SeenArtifact> Bounded(Dictionary<string, SeenArtifact> known)
    {
        var gone = known.Values.Where(s => s.GoneAt is not null).OrderBy(s => s.Time).ThenBy(s => s.Path, StringComparer.Ordinal).ToList();
        if (gone.Count <= MaxGone)
            return gone;
        foreach (var forgotten in gone.Take(gone.Count - MaxGone))
            known.Remove(forgotten.Path);
        return gone.Skip(gone.Count - MaxGone).ToList();
    }

    private void Save(Dictionary<string, SeenArtifact> known, HashSet<string> present, DateTimeOffset now)
    {
        foreach (var path in present)
            known[path] = known[path] with { LastSeen = now };
        var records = known.Values.OrderBy(s => s.Time).ThenBy(s => s.Path, StringComparer.Ordinal).ToList();
        if (_memory.Save(_backup, records) is { } problem)
            _warn(problem);
        _savedAt = now;
    }
}
