using System.Buffers;
using System.Text;
using BackupExporter.Reporting;
using BackupExporter.Inspection;
using BackupExporter.Snapshots;
using Prometheus;

namespace BackupExporter.Metrics;

/// <summary>
/// Writes /metrics: the exporter's few prometheus-net metrics (build info, reloads, bytes read, process), then the
/// per-backup-set families from the newest snapshot. A scrape does no I/O. Each set's series are rendered once per
/// new observation and kept as text, so a scrape of thousands of sets is mostly copying; only ages and overdue are
/// computed from the clock. Sets that left the configuration are simply not written: no stale series.
/// </summary>
internal sealed class SnapshotExposition : IDisposable
{
    private readonly SnapshotStore _store;
    private readonly TimeProvider _clock;
    private readonly CollectorRegistry _registry;
    private readonly ExporterMetrics _exporter;
    private readonly Lock _cacheLock = new();
    private Dictionary<string, SeriesGroup> _cache = new(); // off-site remotes and servers
    private Dictionary<string, SetSeries> _sets = new();
    private (long Version, List<SeriesGroup> Series) _current = (-1, []);

    // One reused buffer: thousands of sets make megabytes per scrape, which must not become garbage each time.
    // Scrapes take turns for it; each takes about a millisecond.
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly SemaphoreSlim _bufferLock = new(1, 1);
    private const int WriteSlice = 64 * 1024;
    private static readonly byte[][] Headers = Families.All.Select(f => Encoding.UTF8.GetBytes(f.Header)).ToArray();

    public SnapshotExposition(CollectorRegistry registry, SnapshotStore store, TimeProvider clock, string version)
    {
        _registry = registry;
        _store = store;
        _clock = clock;
        _exporter = new ExporterMetrics(Prometheus.Metrics.WithCustomRegistry(registry), version);
        registry.AddBeforeCollectCallback(() => _exporter.Render(_store));
    }

    /// <summary>Writes the whole exposition; <paramref name="setLength"/> receives its length before the first byte.</summary>
    public async Task WriteAsync(Stream output, CancellationToken cancellationToken, Action<long>? setLength = null)
    {
        using var own = new MemoryStream(); // a few hundred bytes: build info, reloads, process
        await _registry.CollectAndExportAsTextAsync(own, ExpositionFormat.PrometheusText, cancellationToken);
        await _bufferLock.WaitAsync(cancellationToken);
        try
        {
            _buffer.ResetWrittenCount();
            _buffer.Write(own.GetBuffer().AsSpan(0, (int)own.Length));
            WriteBackupSets(_buffer, _clock.GetUtcNow());
            // A known length spares the server chunked encoding of a body of megabytes.
            setLength?.Invoke(_buffer.WrittenCount);
            // In slices: the server copies a write whole into its pooled 4 KiB blocks before sending any of it, and
            // keeps those blocks; slices of its response buffer size keep a few dozen in flight instead of ~400.
            for (var sent = 0; sent < _buffer.WrittenCount; sent += WriteSlice)
                await output.WriteAsync(_buffer.WrittenMemory.Slice(sent, Math.Min(WriteSlice, _buffer.WrittenCount - sent)), cancellationToken);
        }
        finally
        {
            _bufferLock.Release();
        }
    }

    /// <summary>
    /// Renders the series of every set and sizes the scrape buffer for them now, as the first scrape would: called once
    /// the first round is in, before its garbage is collected (Scheduling/HeapTrim).
    /// </summary>
    public void Prepare()
    {
        var groups = CurrentSeries(_clock.GetUtcNow());
        long bytes = 4096; // the exporter's own few metrics
        foreach (var header in Headers)
            bytes += header.Length;
        foreach (var group in groups)
            bytes += group.WrittenLength;
        _bufferLock.Wait();
        try
        {
            if (_buffer.WrittenCount == 0 && bytes > _buffer.FreeCapacity && bytes < int.MaxValue / 2)
                _buffer.GetSpan((int)bytes); // one allocation of the right size instead of doubling up to it
        }
        finally
        {
            _bufferLock.Release();
        }
    }

    /// <summary>The snapshot's families alone, for tests and benchmarks.</summary>
    public void WriteBackupSets(IBufferWriter<byte> output, DateTimeOffset now)
    {
        var groups = CurrentSeries(now);
        var nowSeconds = MetricHelp.Seconds(now);
        for (var f = 0; f < Families.All.Length; f++)
        {
            var header = false;
            foreach (var group in groups)
            {
                if (!group.Has(f))
                    continue;
                if (!header)
                {
                    output.Write(Headers[f]);
                    header = true;
                }
                group.Write(output, f, nowSeconds);
            }
        }
    }

    /// <summary>The series of every configured set and server, re-rendering only those whose observation changed.</summary>
    private List<SeriesGroup> CurrentSeries(DateTimeOffset now)
    {
        var snapshot = _store.Current;
        lock (_cacheLock)
        {
            if (_current.Version == snapshot.Version)
                return _current.Series; // nothing published since the last scrape: nothing to look at
            var list = new List<SeriesGroup>(2 * snapshot.Config.Backups.Count + snapshot.Config.Servers.Count);
            var nextSets = new Dictionary<string, SetSeries>(snapshot.Config.Backups.Count);
            var next = new Dictionary<string, SeriesGroup>(snapshot.Config.Servers.Count);
            foreach (var set in snapshot.Config.Backups)
            {
                var key = InspectionNames.Backup(set.Name);
                var parts = BackupSetParts.Of(snapshot, set);
                var cached = _sets.GetValueOrDefault(key);
                var sources = parts.Sources;
                var (decided, lastSuccessBytes) = cached is not null && cached.Decided.RenderedFrom(sources)
                    ? (cached.Decided, cached.LastSuccessBytes)
                    : RenderDecided(parts, sources, now);
                var roundSources = parts.RoundSources(lastSuccessBytes);
                var round = cached is not null && cached.Round.RenderedFrom(roundSources)
                    ? cached.Round
                    : BackupSetSeries.RenderRound(set, parts.Inspection, parts.Observation?.Volume, lastSuccessBytes, roundSources);
                nextSets[key] = cached is not null && ReferenceEquals(decided, cached.Decided) && ReferenceEquals(round, cached.Round)
                    ? cached
                    : new SetSeries(decided, round, lastSuccessBytes);
                list.Add(decided);
                list.Add(round);
            }
            foreach (var set in snapshot.Config.Backups)
            {
                foreach (var remote in set.Offsite)
                {
                    var key = InspectionNames.Offsite(set.Name, remote.Name);
                    var (observation, inspection) = (snapshot.Offsite(set.Name, remote.Name), snapshot.Inspections.GetValueOrDefault(key));
                    object?[] sources = [set, remote, observation, inspection];
                    next[key] = _cache.TryGetValue(key, out var cached) && cached.RenderedFrom(sources)
                        ? cached
                        : OffsiteSeries.Render(set, remote, observation, inspection, sources);
                }
            }
            foreach (var server in snapshot.Config.Servers)
            {
                var key = InspectionNames.Server(server.Name);
                var (observation, inspection) = (snapshot.Server(server.Name), snapshot.Inspections.GetValueOrDefault(key));
                var logs = snapshot.LogsOf(null, server.Name);
                object?[] sources = [server, observation, inspection, .. logs.SelectMany(l => new object?[] { l.Config, l.Observation, l.Inspection })];
                next[key] = _cache.TryGetValue(key, out var cached) && cached.RenderedFrom(sources)
                    ? cached
                    : ServerSeries.Render(server, observation, inspection, logs, sources);
            }
            _cache = next;
            _sets = nextSets;
            list.AddRange(next.Values);
            _current = (snapshot.Version, list);
            return list;
        }
    }

    /// <returns>the series decided from the set's parts, and the newest good artifact's size its round series need</returns>
    private static (SeriesGroup Decided, long? LastSuccessBytes) RenderDecided(BackupSetParts parts, object?[] sources, DateTimeOffset now)
    {
        var verdict = SetVerdicts.Decide(parts, now);
        return (BackupSetSeries.Render(verdict, sources), verdict.LastSuccess?.SizeBytes);
    }

    public void Dispose() => _bufferLock.Dispose();

    /// <summary>A set's two groups: decided from its parts, and measured this round; and what the second needs of the first.</summary>
    private sealed record SetSeries(SeriesGroup Decided, SeriesGroup Round, long? LastSuccessBytes);
}
