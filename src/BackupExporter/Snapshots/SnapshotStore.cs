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

    public void CountBytesRead(long bytes) => Interlocked.Add(ref _bytesRead, bytes);

    /// <summary>Runs past their timeout that have not returned yet (a read hung in the kernel, say).</summary>
    public int InspectionsStuck => Volatile.Read(ref _inspectionsStuck);

    public void InspectionStuck(int change) => Interlocked.Add(ref _inspectionsStuck, change);

    public void Publish(InspectionStatus status, IObservation? observation)
    {
        Update(s =>
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
        Update(s => s with
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

    private void Update(Func<Snapshot, Snapshot> change)
    {
        lock (_writeLock)
        {
            var next = change(_current);
            if (!ReferenceEquals(next, _current))
                Volatile.Write(ref _current, next with { Version = _current.Version + 1 });
        }
    }
}
