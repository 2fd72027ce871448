using static BackupExporter.Metrics.MetricLabels;
using G = BackupExporter.Metrics.MetricGroup;

namespace BackupExporter.Metrics;

/// <summary>The families of the metric contract rendered from a set's rotating re-verification (<c>reverify</c>).</summary>
internal static class ReverifyFamilies
{
    private const string Cached = " Refreshed in the background by the set's re-verification, not at scrape time.";

    public static readonly Family ReverifiedBytesRatio = new("mysql_backup_reverify_verified_bytes_ratio", "gauge",
        "Share of the set's retained bytes read whole within the re-verification period and matching their first digest." + Cached,
        G.BackupSet, [Backup],
        "Sets with `reverify` only. Share of the bytes of every retained artifact (each file of a backup directory counted) that "
            + "was read whole within `reverify.period` and gave the digest of its first full read: 1 when the rotation keeps up. A "
            + "changed file counts as not verified. 1 when nothing is retained.");
    public static readonly Family ReverifiedArtifactsRatio = new("mysql_backup_reverify_verified_artifacts_ratio", "gauge",
        "Share of the set's retained artifacts whose every file was read whole within the period, unchanged." + Cached,
        G.BackupSet, [Backup],
        "Sets with `reverify` only. The same by artifact: an artifact counts when every one of its files was verified within the "
            + "period.");
    public static readonly Family ReverifyOldestAge = new("mysql_backup_reverify_oldest_verification_age_seconds", "gauge",
        "Seconds since the least recently verified retained file was last read whole, computed at scrape time.",
        G.BackupSet, [Backup],
        "Sets with `reverify` only. Now minus the last full read of the retained file read longest ago (a file never read yet "
            + "counts from when it was first listed). Above `reverify.period` the rotation is falling behind: the rate limit is too "
            + "low for the retained bytes, or reads fail. Computed at scrape time.");
    public static readonly Family ReverifyChanged = new("mysql_backup_reverify_changed_artifacts", "gauge",
        "Retained artifacts whose content changed since their first full read: another digest on a later read." + Cached,
        G.BackupSet, [Backup],
        "Sets with `reverify` only. Retained artifacts of which a later full read gave another digest than the first: the backup "
            + "changed after it was made (bit rot, a replaced file, a file rewritten), whatever its sidecar says. Each such artifact "
            + "fails its `checksum` check with both digests. Falls back when the artifact is removed, or reads as it was first "
            + "read again (put back from a copy).");
    public static readonly Family ReverifyReadBytes = new("mysql_backup_reverify_read_bytes_total", "counter",
        "Bytes the set's re-verification has read since the exporter started." + Cached,
        G.BackupSet, [Backup],
        "Sets with `reverify` only. Bytes read by the rotation since the exporter started (the first verification of new artifacts "
            + "is counted in `mysql_backup_exporter_hashed_bytes_total` alone): its rate stays within `reverify.max_rate`.");

    public static readonly Family[] All = [ReverifiedBytesRatio, ReverifiedArtifactsRatio, ReverifyOldestAge, ReverifyChanged,
        ReverifyReadBytes];
}
