using BackupExporter.Configuration;
using BackupExporter.Inspection;
using Prometheus;
using static BackupExporter.Metrics.MetricHelp;

namespace BackupExporter.Metrics;

/// <summary>The per-backup-set families of the metric contract (docs/metrics.md), rendered from a snapshot.</summary>
internal sealed class BackupSetMetrics
{
    private static readonly string[] StatusLabels = ["ok", "failed", "in_progress"];

    private readonly TrackedGauge _info, _pathOk, _lastSuccess, _lastSuccessAge, _lastFailure, _lastSuccessSize, _sizeRatio,
        _artifacts, _retainedBytes, _oldest, _checkOk, _overdue, _nextExpected, _running, _volumeFree, _volumeSize, _headroom;

    private readonly TrackedGauge[] _all;

    // Series whose value depends on the clock, refreshed at every scrape without a full render.
    private readonly List<(Gauge.Child Age, double Since)> _ages = new();
    private readonly List<(Gauge.Child Overdue, double Deadline)> _deadlines = new();

    public BackupSetMetrics(IMetricFactory f)
    {
        _info = new(f, "mysql_backup_info", "Configured backup set; always 1.", "backup", "server", "kind", "path");
        _pathOk = new(f, "mysql_backup_path_ok", "1 when the backup set's directory exists and can be listed." + Cached, "backup");
        _lastSuccess = new(f, "mysql_backup_last_success_timestamp_seconds", "End time (mtime) of the newest artifact that passed every enabled check; 0 if none." + Cached, "backup");
        _lastSuccessAge = new(f, "mysql_backup_last_success_age_seconds", "Seconds since the newest good artifact was finished, computed at scrape time; since the epoch if there is none.", "backup");
        _lastFailure = new(f, "mysql_backup_last_failure_timestamp_seconds", "End time (mtime) of the newest artifact that failed a check; 0 if none." + Cached, "backup");
        _lastSuccessSize = new(f, "mysql_backup_last_success_size_bytes", "Size of the newest good artifact; 0 if none." + Cached, "backup");
        _sizeRatio = new(f, "mysql_backup_size_ratio_to_previous", "Newest good artifact's size divided by the good one before it; absent with fewer than two." + Cached, "backup");
        _artifacts = new(f, "mysql_backup_artifacts", "Retained artifacts by verdict." + Cached, "backup", "status");
        _retainedBytes = new(f, "mysql_backup_retained_bytes", "Bytes of all retained artifacts." + Cached, "backup");
        _oldest = new(f, "mysql_backup_oldest_timestamp_seconds", "Modification time of the oldest retained artifact; 0 if none." + Cached, "backup");
        _checkOk = new(f, "mysql_backup_check_ok", "1 when the newest finished artifact passed the check, 0 when it failed; absent while there is no finished artifact." + Cached, "backup", "check");
        _overdue = new(f, "mysql_backup_overdue", "1 when a scheduled start plus grace has passed without a good artifact after it, computed at scrape time; absent without a schedule.", "backup");
        _nextExpected = new(f, "mysql_backup_next_expected_timestamp_seconds", "The next scheduled start after the newest good artifact, plus grace: a success is due by then; absent without a schedule." + Cached, "backup");
        _running = new(f, "mysql_backup_running", "1 while an artifact is still being written (changed since the previous inspection or within settle_time)." + Cached, "backup");
        _volumeFree = new(f, "mysql_backup_volume_free_bytes", "Bytes available to the exporter's user on the filesystem holding the backup set." + Cached, "backup");
        _volumeSize = new(f, "mysql_backup_volume_size_bytes", "Total bytes of the filesystem holding the backup set." + Cached, "backup");
        _headroom = new(f, "mysql_backup_volume_headroom_ratio", "Free bytes divided by the newest good artifact's size: how many more such backups fit; absent without a good artifact." + Cached, "backup");
        _all = [_info, _pathOk, _lastSuccess, _lastSuccessAge, _lastFailure, _lastSuccessSize, _sizeRatio, _artifacts,
            _retainedBytes, _oldest, _checkOk, _overdue, _nextExpected, _running, _volumeFree, _volumeSize, _headroom];
    }

    public void Render(IReadOnlyList<BackupSetConfig> sets, Func<string, BackupSetObservation?> observationOf)
    {
        foreach (var g in _all)
            g.Begin();
        _ages.Clear();
        _deadlines.Clear();

        foreach (var set in sets)
        {
            var name = set.Name;
            _info.Set(1, name, set.Server ?? "", set.Kind.ToString().ToLowerInvariant(), set.Path);
            if (observationOf(name) is { } o)
                RenderObservation(name, o);
        }

        foreach (var g in _all)
            g.Sweep();
    }

    /// <summary>Refreshes the clock-dependent series; cheap enough for every scrape.</summary>
    public void RenderClock(DateTimeOffset now)
    {
        var nowSeconds = Seconds(now);
        foreach (var (age, since) in _ages)
            age.Set(nowSeconds - since);
        foreach (var (overdue, deadline) in _deadlines)
            overdue.Set(nowSeconds > deadline ? 1 : 0);
    }

    private void RenderObservation(string name, BackupSetObservation o)
    {
        _pathOk.Set(o.PathProblem is null ? 1 : 0, name);

        var lastSuccess = o.LastSuccess;
        var lastSuccessTime = Seconds(lastSuccess?.ModifiedTime);
        _lastSuccess.Set(lastSuccessTime, name);
        _ages.Add((_lastSuccessAge.Set(0, name), lastSuccessTime));
        _lastFailure.Set(Seconds(o.LastFailure?.ModifiedTime), name);
        _lastSuccessSize.Set(lastSuccess?.SizeBytes ?? 0, name);
        if (lastSuccess is not null && o.PreviousSuccess is { SizeBytes: > 0 } previous)
            _sizeRatio.Set((double)lastSuccess.SizeBytes / previous.SizeBytes, name);

        _artifacts.Set(o.Count(ArtifactStatus.Ok), name, StatusLabels[0]);
        _artifacts.Set(o.Count(ArtifactStatus.Failed), name, StatusLabels[1]);
        _artifacts.Set(o.Count(ArtifactStatus.InProgress), name, StatusLabels[2]);
        _retainedBytes.Set(o.RetainedBytes, name);
        _oldest.Set(Seconds(o.Artifacts.Count > 0 ? o.Artifacts[0].ModifiedTime : null), name);
        _running.Set(o.Running ? 1 : 0, name);

        if (o.NewestFinished is { } newest)
            foreach (var (check, result) in newest.Checks)
                _checkOk.Set(result.Ok ? 1 : 0, name, check);

        if (o.NextExpected is { } deadline)
        {
            _nextExpected.Set(Seconds(deadline), name);
            _deadlines.Add((_overdue.Set(0, name), Seconds(deadline)));
        }

        if (o.Volume is { } volume)
        {
            _volumeFree.Set(volume.FreeBytes, name);
            _volumeSize.Set(volume.TotalBytes, name);
            if (lastSuccess is { SizeBytes: > 0 })
                _headroom.Set((double)volume.FreeBytes / lastSuccess.SizeBytes, name);
        }
    }
}
