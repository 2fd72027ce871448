using BackupExporter.Snapshots;
using Prometheus;
using static BackupExporter.Metrics.MetricHelp;

namespace BackupExporter.Metrics;

/// <summary>The exporter's own health: inspections, configuration reloads, bytes read. A silent exporter shows here.</summary>
internal sealed class ExporterMetrics
{
    private readonly TrackedGauge _success, _duration, _lastSuccess;
    private readonly Gauge _reloadOk, _reloadTime;
    private readonly Counter _bytesRead;

    public ExporterMetrics(IMetricFactory f, string version)
    {
        f.CreateGauge("mysql_backup_exporter_build_info", "The exporter's version; always 1.", ["version"]).WithLabels(version).Set(1);
        _success = new(f, "mysql_backup_exporter_inspection_success", "1 when the newest run of the inspection succeeded, 0 when it failed or timed out.", "inspection");
        _duration = new(f, "mysql_backup_exporter_inspection_duration_seconds", "How long the newest run of the inspection took.", "inspection");
        _lastSuccess = new(f, "mysql_backup_exporter_inspection_last_success_timestamp_seconds", "When the newest successful run of the inspection started; 0 if none.", "inspection");
        _reloadOk = f.CreateGauge("mysql_backup_exporter_config_last_reload_successful", "1 when the last configuration (re)load succeeded.");
        _reloadTime = f.CreateGauge("mysql_backup_exporter_config_last_reload_success_timestamp_seconds", "When the configuration was last loaded successfully.");
        _bytesRead = f.CreateCounter("mysql_backup_exporter_hashed_bytes_total", "Bytes of artifacts read for verification (hash, decompression and footer share one read).");
    }

    public void Render(Snapshot snapshot)
    {
        _success.Begin();
        _duration.Begin();
        _lastSuccess.Begin();
        foreach (var status in snapshot.Inspections.Values)
        {
            _success.Set(status.Success ? 1 : 0, status.Name);
            _duration.Set(status.LastDuration.TotalSeconds, status.Name);
            _lastSuccess.Set(Seconds(status.LastSuccess), status.Name);
        }
        _success.Sweep();
        _duration.Sweep();
        _lastSuccess.Sweep();
    }

    /// <summary>Values that change without a new snapshot.</summary>
    public void RenderCounters(SnapshotStore store)
    {
        _bytesRead.IncTo(store.BytesRead);
        _reloadOk.Set(store.LastReloadSuccessful ? 1 : 0);
        _reloadTime.Set(Seconds(store.LastReloadSuccess));
    }
}
