using static BackupExporter.Metrics.MetricHelp;

namespace BackupExporter.Metrics;

/// <summary>The per-backup-set families of the metric contract (docs/metrics.md), in the order they are exposed.</summary>
internal static class BackupSetFamilies
{
    public static readonly Family Info = new("mysql_backup_info", "gauge", "Configured backup set; always 1.");
    public static readonly Family PathOk = new("mysql_backup_path_ok", "gauge", "1 when the backup set's directory exists and can be listed." + Cached);
    public static readonly Family LastSuccess = new("mysql_backup_last_success_timestamp_seconds", "gauge", "End time (mtime) of the newest artifact that passed every enabled check; 0 if none." + Cached);
    public static readonly Family LastSuccessAge = new("mysql_backup_last_success_age_seconds", "gauge", "Seconds since the newest good artifact was finished, computed at scrape time; since the epoch if there is none.");
    public static readonly Family LastFailure = new("mysql_backup_last_failure_timestamp_seconds", "gauge", "End time (mtime) of the newest artifact that failed a check; 0 if none." + Cached);
    public static readonly Family LastSuccessSize = new("mysql_backup_last_success_size_bytes", "gauge", "Size of the newest good artifact; 0 if none." + Cached);
    public static readonly Family SizeRatio = new("mysql_backup_size_ratio_to_previous", "gauge", "Newest good artifact's size divided by the good one before it; absent with fewer than two." + Cached);
    public static readonly Family Artifacts = new("mysql_backup_artifacts", "gauge", "Retained artifacts by verdict." + Cached);
    public static readonly Family RetainedBytes = new("mysql_backup_retained_bytes", "gauge", "Bytes of all retained artifacts." + Cached);
    public static readonly Family Oldest = new("mysql_backup_oldest_timestamp_seconds", "gauge", "Modification time of the oldest retained artifact; 0 if none." + Cached);
    public static readonly Family CheckOk = new("mysql_backup_check_ok", "gauge", "1 when the newest finished artifact passed the check, 0 when it failed; absent while there is no finished artifact." + Cached);
    public static readonly Family Overdue = new("mysql_backup_overdue", "gauge", "1 when a scheduled start plus grace has passed without a good artifact after it, computed at scrape time; absent without a schedule.");
    public static readonly Family NextExpected = new("mysql_backup_next_expected_timestamp_seconds", "gauge", "The next scheduled start after the newest good artifact, plus grace: a success is due by then; absent without a schedule." + Cached);
    public static readonly Family Running = new("mysql_backup_running", "gauge", "1 while an artifact is still being written (changed since the previous inspection or within settle_time)." + Cached);
    public static readonly Family VolumeFree = new("mysql_backup_volume_free_bytes", "gauge", "Bytes available to the exporter's user on the filesystem holding the backup set." + Cached);
    public static readonly Family VolumeSize = new("mysql_backup_volume_size_bytes", "gauge", "Total bytes of the filesystem holding the backup set." + Cached);
    public static readonly Family Headroom = new("mysql_backup_volume_headroom_ratio", "gauge", "Free bytes divided by the newest good artifact's size: how many more such backups fit; absent without a good artifact." + Cached);

    public static readonly Family InspectionSuccess = new("mysql_backup_exporter_inspection_success", "gauge", "1 when the newest run of the inspection succeeded, 0 when it failed or timed out.");
    public static readonly Family InspectionDuration = new("mysql_backup_exporter_inspection_duration_seconds", "gauge", "How long the newest run of the inspection took.");
    public static readonly Family InspectionLastSuccess = new("mysql_backup_exporter_inspection_last_success_timestamp_seconds", "gauge", "When the newest successful run of the inspection started; 0 if none.");

    /// <summary>Exposition order. The two clock-dependent families are written at scrape time.</summary>
    public static readonly Family[] All =
    [
        Info, PathOk, LastSuccess, LastSuccessAge, LastFailure, LastSuccessSize, SizeRatio, Artifacts, RetainedBytes, Oldest,
        CheckOk, Overdue, NextExpected, Running, VolumeFree, VolumeSize, Headroom,
        InspectionSuccess, InspectionDuration, InspectionLastSuccess,
    ];

    public static int Index(Family family) => Array.IndexOf(All, family);
}
