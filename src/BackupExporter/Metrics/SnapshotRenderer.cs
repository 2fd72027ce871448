using BackupExporter.Snapshots;
using Prometheus;

namespace BackupExporter.Metrics;

/// <summary>
/// Renders the newest snapshot into prometheus-net families just before each scrape. It does no I/O: a full render
/// happens only when the snapshot changed; otherwise only clock-dependent values (ages, overdue) are refreshed.
/// </summary>
internal sealed class SnapshotRenderer
{
    private readonly SnapshotStore _store;
    private readonly TimeProvider _clock;
    private readonly BackupSetMetrics _backups;
    private readonly ExporterMetrics _exporter;
    private readonly Lock _renderLock = new();
    private long _renderedVersion = -1;

    public SnapshotRenderer(CollectorRegistry registry, SnapshotStore store, TimeProvider clock, string version)
    {
        _store = store;
        _clock = clock;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _backups = new BackupSetMetrics(factory);
        _exporter = new ExporterMetrics(factory, version);
        registry.AddBeforeCollectCallback(Render);
    }

    public void Render()
    {
        lock (_renderLock) // concurrent scrapes must not interleave a render
        {
            var snapshot = _store.Current;
            if (snapshot.Version != _renderedVersion)
            {
                _backups.Render(snapshot.Config.Backups, snapshot.Backup);
                _exporter.Render(snapshot);
                _renderedVersion = snapshot.Version;
            }
            _backups.RenderClock(_clock.GetUtcNow());
            _exporter.RenderCounters(_store);
        }
    }
}
