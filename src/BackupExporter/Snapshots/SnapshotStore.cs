using System.Collections.Immutable;
using BackupExporter.Configuration;
using BackupExporter.Inspection;

namespace BackupExporter.Snapshots;

/// <summary>
/// Holds the newest <see cref="Snapshot"/>. Inspections publish into it one at a time; readers take
/// <see cref="Current"/> without locking, and get a consistent view.
/// </summary>
internal sealed class SnapshotStore
{
    private readonly Lock _writeLock = new();
    private Snapshot _current;
    private long _bytesRead;
    private int _inspectionsStuck;

    // Which inspection made each of the newest versions (null: a reload), so that a reader that rendered an older
    // version redoes only what changed since: with 1,000 sets, a scrape that gathered every set's parts again because
    // one of them had published made a megabyte of garbage (bench/README.md, "Footprint").
    private const int ChangeLogLength = 4096;
    private readonly (long Version, string? Inspection)[] _changes = new (long, string?)[ChangeLogLength];

    public SnapshotStore(ExporterConfig config, IEnumerable<string> expectedInspections, DateTimeOffset loadedAt)
    {
        _current = Snapshot.Empty(config, expectedInspections);
        LastReloadSuccess = loadedAt;
    }

    public Snapshot Current => Volatile.Read(ref _current);

    /// <summary>Bytes read from artifacts for verification since start (hash, decompression and footer share them).</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    public bool LastReloadSuccessful { get; private set; } = true;

    public DateTimeOffset? LastReloadSuccess { get; private set; }

    /// <summary>Whether the web configuration file's last change is in force; a refused one fails the reload metric too.</summary>
    public Func<bool> WebConfigInForce { get; set; } = () => true;

    public void CountBytesRead(long bytes) => Interlocked.Add(ref _bytesRead, bytes);

    /// <summary>Runs past their timeout that have not returned yet (a read hung in the kernel, say).</summary>
    public int InspectionsStuck => Volatile.Read(ref _inspectionsStuck);

    public void InspectionStuck(int change) => Interlocked.Add(ref _inspectionsStuck, change);

    public void Publish(InspectionStatus status, IObservation? observation)
    {
        Update(status.Name, s =>
        {
            if (!s.ExpectedInspections.Contains(status.Name))
                return s; // finished after a reload removed it: drop, so no stale series appear
            return s with
            {
                Inspections = s.Inspections.SetItem(status.Name, status),
                Observations = observation is null ? s.Observations : s.Observations.SetItem(status.Name, observation),
            };
        });
    }

    /// <summary>Switches to a new configuration; observations of inspections that no longer exist vanish.</summary>
    public void Reconfigure(ExporterConfig config, IReadOnlyCollection<string> expectedInspections, DateTimeOffset at)
    {
        var expected = expectedInspections.ToImmutableHashSet();
        Update(null, s => s with
        {
            Config = config,
            ExpectedInspections = expected,
            Inspections = s.Inspections.RemoveRange(s.Inspections.Keys.Where(k => !expected.Contains(k))),
            Observations = s.Observations.RemoveRange(s.Observations.Keys.Where(k => !expected.Contains(k))),
        });
        LastReloadSuccessful = true;
        LastReloadSuccess = at;
    }

    public void ReloadFailed() => LastReloadSuccessful = false;

    /// <summary>
    /// Adds to <paramref name="inspections"/> the names of the inspections whose publications made the versions after
    /// <paramref name="since"/> up to <paramref name="upTo"/>, in order; false when that cannot be told: a reload came
    /// between, or the log no longer reaches back that far.
    /// </summary>
    public bool ChangesSince(long since, long upTo, List<string> inspections)
    {
        if (since < 0 || upTo - since >= ChangeLogLength)
            return false;
        lock (_writeLock)
        {
            for (var version = since + 1; version <= upTo; version++)
            {
                var (logged, inspection) = _changes[version % ChangeLogLength];
                if (logged != version || inspection is null)
                    return false;
                inspections.Add(inspection);
            }
            return true;
        }
    }

    /// <param name="inspection">the inspection that publishes; null for a reload, which may change anything</param>
    private void Update(string? inspection, Func<Snapshot, Snapshot> change)
    {
        lock (_writeLock)
        {
            var next = change(_current);
            if (ReferenceEquals(next, _current))
                return;
            var version = _current.Version + 1;
            _changes[version % ChangeLogLength] = (version, inspection);
            Volatile.Write(ref _current, next with { Version = version });
        }
    }
}
