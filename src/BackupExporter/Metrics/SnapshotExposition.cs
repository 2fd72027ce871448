using System.Buffers;
using System.Text;
using BackupExporter.Configuration;
using BackupExporter.Reporting;
using BackupExporter.Reporting.Retention;
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
internal sealed class SnapshotExposition
{
    private readonly SnapshotStore _store;
    private readonly TimeProvider _clock;
    private readonly CollectorRegistry _registry;
    private readonly ExporterMetrics _exporter;
    private readonly Lock _cacheLock = new();
    private Dictionary<string, SeriesGroup> _cache = new(); // off-site remotes and servers
    private Dictionary<string, SetSeries> _sets = new(); // by backup set name
    private (long Version, List<SeriesGroup> Series) _current = (-1, []);
    private ExporterConfig? _renderedConfig;
    private readonly List<string> _changed = [];
    private readonly HashSet<string> _changedSets = new(StringComparer.Ordinal);

    private readonly ScrapeChunks _chunks = new();
    private static readonly byte[][] Headers = Families.All.Select(f => Encoding.UTF8.GetBytes(f.Header)).ToArray();

    public SnapshotExposition(CollectorRegistry registry, SnapshotStore store, TimeProvider clock, string version)
    {
        _registry = registry;
        _store = store;
        _clock = clock;
        _exporter = new ExporterMetrics(Prometheus.Metrics.WithCustomRegistry(registry), version);
        registry.AddBeforeCollectCallback(() => _exporter.Render(_store));
    }

    /// <summary>
    /// Writes the whole exposition, in chunks of about <see cref="ScrapeChunks.ChunkBytes"/>: a scrape of thousands of
    /// sets is megabytes, which neither a buffer of its own size (kept for good, or garbage each time) nor the server's
    /// pooled blocks (it copies a write whole into them before sending, and keeps them) should hold at once. Without a
    /// known length the body goes chunked, as any compressed one does.
    /// </summary>
    public async Task WriteAsync(Stream output, CancellationToken cancellationToken)
    {
        using (var own = new MemoryStream()) // a few hundred bytes: build info, reloads, process
        {
            await _registry.CollectAndExportAsTextAsync(own, ExpositionFormat.PrometheusText, cancellationToken);
            await output.WriteAsync(own.GetBuffer().AsMemory(0, (int)own.Length), cancellationToken);
        }
        var chunk = _chunks.Take();
        try
        {
            var now = _clock.GetUtcNow();
            await WriteFamiliesAsync(CurrentSeries(now), MetricHelp.Seconds(now), chunk, output, cancellationToken);
            if (chunk.WrittenCount > 0)
                await output.WriteAsync(chunk.WrittenMemory, cancellationToken);
        }
        finally
        {
            _chunks.GiveBack(chunk);
        }
    }

    /// <summary>
    /// Renders now what changed since the last scrape, as the next one would: called before each of the collections
    /// that follow a round (Scheduling/HeapTrim), so that what rendering makes goes with the round's garbage.
    /// </summary>
    public void Prepare() => CurrentSeries(_clock.GetUtcNow());

    /// <summary>The snapshot's families alone, all into <paramref name="output"/>, for tests and benchmarks.</summary>
    public void WriteBackupSets(ArrayBufferWriter<byte> output, DateTimeOffset now)
    {
        var written = WriteFamiliesAsync(CurrentSeries(now), MetricHelp.Seconds(now), output, flushTo: null, CancellationToken.None);
        if (!written.IsCompleted) // without a stream to flush to it never waits
            throw new InvalidOperationException("writing the families waited without a stream to flush to");
        written.GetAwaiter().GetResult(); // rethrows what failed
    }

    /// <summary>Each family's header once, then its lines from every group that has any; sent to <paramref name="flushTo"/>
    /// whenever <paramref name="chunk"/> holds <see cref="ScrapeChunks.ChunkBytes"/> or more.</summary>
    private static async ValueTask WriteFamiliesAsync(List<SeriesGroup> groups, double nowSeconds, ArrayBufferWriter<byte> chunk,
        Stream? flushTo, CancellationToken cancellationToken)
    {
        for (var f = 0; f < Families.All.Length; f++)
        {
            var header = false;
            foreach (var group in groups)
            {
                if (!group.Has(f))
                    continue;
                if (!header)
                {
                    chunk.Write(Headers[f]);
                    header = true;
                }
                group.Write(chunk, f, nowSeconds);
                if (flushTo is not null && chunk.WrittenCount >= ScrapeChunks.ChunkBytes)
                {
                    await flushTo.WriteAsync(chunk.WrittenMemory, cancellationToken);
                    chunk.ResetWrittenCount();
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
            if (ReferenceEquals(snapshot.Config, _renderedConfig) && RenderChangedSets(snapshot, now))
                return _current.Series;
            var list = new List<SeriesGroup>(2 * snapshot.Config.Backups.Count + snapshot.Config.Servers.Count);
            var nextSets = new Dictionary<string, SetSeries>(snapshot.Config.Backups.Count);
            var next = new Dictionary<string, SeriesGroup>(snapshot.Config.Servers.Count);
            foreach (var set in snapshot.Config.Backups)
            {
                var series = RenderSet(snapshot, set, list.Count, _sets.GetValueOrDefault(set.Name), now);
                nextSets[set.Name] = series;
                list.Add(series.Decided);
                list.Add(series.Round);
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
            foreach (var set in snapshot.Config.Backups.Where(b => b.Reverify is not null))
            {
                var key = InspectionNames.Reverify(set.Name);
                var (observation, inspection) = (snapshot.Reverify(set.Name), snapshot.Inspections.GetValueOrDefault(key));
                object?[] sources = [set, observation, inspection];
                next[key] = _cache.TryGetValue(key, out var cached) && cached.RenderedFrom(sources)
                    ? cached
                    : ReverifySeries.Render(set, observation, inspection, sources);
            }
            foreach (var server in snapshot.Config.Servers)
            {
                var key = InspectionNames.Server(server.Name);
                var (observation, inspection) = (snapshot.Server(server.Name), snapshot.Inspections.GetValueOrDefault(key));
                var logs = snapshot.LogsOf(null, server.Name);
                var archiveKey = ObservationKeys.BinlogArchive(server.Name);
                var archive = (snapshot.Get(archiveKey), snapshot.Inspections.GetValueOrDefault(archiveKey.Name));
                object?[] sources =
                    [server, observation, inspection, archive.Item1, archive.Item2,
                        .. logs.SelectMany(l => new object?[] { l.Config, l.Observation, l.Inspection })];
                next[key] = _cache.TryGetValue(key, out var cached) && cached.RenderedFrom(sources)
                    ? cached
                    : ServerSeries.Render(server, observation, inspection, logs, sources, archive);
            }
            _cache = next;
            _sets = nextSets;
            list.AddRange(next.Values);
            _current = (snapshot.Version, list);
            _renderedConfig = snapshot.Config;
            return list;
        }
    }

    /// <summary>
    /// Renders again only the sets whose own inspections (directory, run status, drill history) published since the
    /// series last rendered, under the same configuration; false when anything else published (a server, a log, an
    /// off-site check: each may concern many sets or series of their own), or the store cannot tell: then every set
    /// is looked at.
    /// </summary>
    private bool RenderChangedSets(Snapshot snapshot, DateTimeOffset now)
    {
        _changed.Clear();
        if (!_store.ChangesSince(_current.Version, snapshot.Version, _changed))
            return false;
        // Each set once, however many of its inspections published: after a round, its directory, run status and drill
        // history all did.
        _changedSets.Clear();
        foreach (var inspection in _changed)
        {
            if (InspectionNames.SetOnlyOf(inspection) is not { } name)
                return false;
            if (!_sets.ContainsKey(name))
                return false;
            _changedSets.Add(name);
        }
        // A new list: the one handed out last may still be being written by a scrape.
        var list = new List<SeriesGroup>(_current.Series);
        foreach (var name in _changedSets)
        {
            var cached = _sets[name];
            var set = snapshot.Config.Backups[cached.Index / 2];
            var series = RenderSet(snapshot, set, cached.Index, cached, now);
            _sets[name] = series;
            list[series.Index] = series.Decided;
            list[series.Index + 1] = series.Round;
        }
        _current = (snapshot.Version, list);
        return true;
    }

    /// <summary>A set's two groups, each kept from <paramref name="cached"/> while its sources are the same.</summary>
    private static SetSeries RenderSet(Snapshot snapshot, BackupSetConfig set, int index, SetSeries? cached, DateTimeOffset now)
    {
        var parts = BackupSetParts.Of(snapshot, set);
        // A retention window moves with the days: its last day is a source too, though no observation changed.
        var sources = set.Retention is null ? parts.Sources : [.. parts.Sources, RetentionPromise.WindowKey(set, now)];
        var (decided, lastSuccessBytes, recovery) = cached is not null && cached.Decided.RenderedFrom(sources)
            ? (cached.Decided, cached.LastSuccessBytes, cached.Recovery)
            : RenderDecided(parts, sources, now);
        var roundSources = parts.RoundSources(lastSuccessBytes, recovery);
        var round = cached is not null && cached.Round.RenderedFrom(roundSources)
            ? cached.Round
            : BackupSetSeries.RenderRound(set, parts.Inspection, parts.Observation?.Volume, lastSuccessBytes, roundSources, recovery,
                parts.LiveAt(recovery));
        return cached is not null && cached.Index == index && ReferenceEquals(decided, cached.Decided)
            && ReferenceEquals(round, cached.Round)
            ? cached
            : new SetSeries(decided, round, lastSuccessBytes, recovery, index);
    }

    /// <returns>the series decided from the set's parts, and the newest good artifact's size its round series need</returns>
    private static (SeriesGroup Decided, long? LastSuccessBytes, SetRecovery? Recovery) RenderDecided(BackupSetParts parts,
        object?[] sources, DateTimeOffset now)
    {
        var verdict = SetVerdicts.Decide(parts, now);
        return (BackupSetSeries.Render(verdict, sources), verdict.LastSuccess?.SizeBytes,
            verdict.Observation is null ? null : verdict.Recovery);
    }

    /// <summary>A set's two groups: decided from its parts, and measured this round; and what the second needs of the first.</summary>
    /// <param name="Recovery">the verdict's recovery points, rendered with the round (null before the set's first observation)</param>
    /// <param name="Index">where the decided group is in the list of every group (the round group follows it)</param>
    private sealed record SetSeries(SeriesGroup Decided, SeriesGroup Round, long? LastSuccessBytes, SetRecovery? Recovery, int Index);
}
