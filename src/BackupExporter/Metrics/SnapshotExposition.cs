using System.Buffers;
using System.Globalization;
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
    private Dictionary<string, SeriesGroup> _cache = new();
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

    /// <summary>The snapshot's families alone, for tests and benchmarks.</summary>
    public void WriteBackupSets(IBufferWriter<byte> output, DateTimeOffset now)
    {
        var groups = CurrentSeries(now);
        var nowSeconds = MetricHelp.Seconds(now);
        Span<byte> number = stackalloc byte[64];
        for (var f = 0; f < Families.All.Length; f++)
        {
            var header = false;
            foreach (var group in groups)
            {
                ReadOnlySpan<byte> fragment = group.Fragments[f];
                var clock = (group.ClockFamilies & (1UL << f)) != 0;
                if (fragment.IsEmpty && !clock)
                    continue;
                if (!header)
                {
                    output.Write(Headers[f]);
                    header = true;
                }
                output.Write(fragment);
                if (!clock)
                    continue;
                foreach (var (family, prefix, reference, kind) in group.ClockSeries)
                {
                    if (family != f)
                        continue;
                    var value = kind == ClockValue.SecondsSince ? nowSeconds - reference : nowSeconds > reference ? 1 : 0;
                    output.Write(prefix);
                    value.TryFormat(number, out var length, provider: CultureInfo.InvariantCulture);
                    output.Write(number[..length]);
                    output.Write("\n"u8);
                }
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
            var next = new Dictionary<string, SeriesGroup>(snapshot.Config.Backups.Count + snapshot.Config.Servers.Count);
            foreach (var set in snapshot.Config.Backups)
            {
                var key = InspectionNames.Backup(set.Name);
                var parts = BackupSetParts.Of(snapshot, set);
                next[key] = _cache.TryGetValue(key, out var cached) && cached.RenderedFrom(parts.Sources)
                    ? cached
                    : BackupSetSeries.Render(SetVerdicts.Decide(parts, now), parts.Sources);
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
            var list = next.Values.ToList();
            _current = (snapshot.Version, list);
            return list;
        }
    }

    public void Dispose() => _bufferLock.Dispose();
}
