using static BackupExporter.Metrics.MetricLabels;
using G = BackupExporter.Metrics.MetricGroup;

namespace BackupExporter.Metrics;

/// <summary>The families of the metric contract rendered from the off-site inspections (one per remote of a set).</summary>
internal static class OffsiteFamilies
{
    private const string Cached = " Refreshed in the background by the remote's own inspection (its interval), not at scrape time.";

    public static readonly Family OffsiteUp = new("mysql_backup_offsite_up", "gauge",
        "1 when the last rclone listing of the remote succeeded." + Cached,
        G.Offsite, [Backup, Remote],
        "1 when the last `rclone lsjson` of the remote succeeded; 0 when rclone failed or timed out (unreachable, refused credentials, "
            + "unknown remote). A remote path that does not exist yet is 1, with every artifact missing.");
    public static readonly Family OffsiteLastCopy = new("mysql_backup_offsite_last_copy_timestamp_seconds", "gauge",
        "End time of the newest local good artifact present and matching on the remote; 0 if none." + Cached,
        G.Offsite, [Backup, Remote],
        "End time (as its tool recorded it, else its modification time) of the newest local good artifact that is present on the "
            + "remote and matches it (every file, "
            + "its size, and its hash or bytes where `verify` says). 0 when none does.");
    public static readonly Family OffsiteLag = new("mysql_backup_offsite_lag_seconds", "gauge",
        "How long the remote has been behind the newest local good artifact, computed at scrape time; 0 when it holds it.",
        G.Offsite, [Backup, Remote],
        "0 when the remote holds the newest local good artifact. Otherwise now minus the end time of the oldest good artifact newer than "
            + "the newest copy: how long the remote has lacked a backup it should have. Computed at scrape time, "
            + "so it grows between listings.");
    public static readonly Family OffsiteMaxLag = new("mysql_backup_offsite_max_lag_seconds", "gauge",
        "The remote's max_lag from the configuration: how long a good artifact may be missing there." + Cached,
        G.Offsite, [Backup, Remote],
        "`max_lag` of the remote, from the configuration; the alert rules compare the lag with it.");
    public static readonly Family OffsiteMissing = new("mysql_backup_offsite_missing_artifacts", "gauge",
        "Local good artifacts older than max_lag that the remote lacks." + Cached,
        G.Offsite, [Backup, Remote],
        "Local good artifacts older than `max_lag` (at the last listing) of which the remote has no file.");
    public static readonly Family OffsiteMismatched = new("mysql_backup_offsite_mismatched_artifacts", "gauge",
        "Local good artifacts whose copy differs: a file missing, another size, another hash, or other bytes downloaded." + Cached,
        G.Offsite, [Backup, Remote],
        "Local good artifacts whose copy is there but differs: a file of a directory artifact missing, another size (a copy cut off "
            + "mid-upload), another hash (`verify: hash`), or other bytes (`verify: download`).");
    public static readonly Family OffsiteObjects = new("mysql_backup_offsite_objects", "gauge",
        "Files listed on the remote." + Cached,
        G.Offsite, [Backup, Remote],
        "Files listed under the remote's path (directories not counted).");
    public static readonly Family OffsiteBytes = new("mysql_backup_offsite_bytes", "gauge",
        "Bytes of the files listed on the remote." + Cached,
        G.Offsite, [Backup, Remote],
        "Their total size.");
    public static readonly Family OffsiteListDuration = new("mysql_backup_offsite_list_duration_seconds", "gauge",
        "How long the last rclone listing of the remote took." + Cached,
        G.Offsite, [Backup, Remote],
        "How long the last `rclone lsjson` took, failed or not.");
}
