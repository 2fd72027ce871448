using static BackupExporter.Metrics.MetricHelp;

namespace BackupExporter.Metrics;

/// <summary>The families of the metric contract (docs/metrics.md) rendered from snapshots, in exposition order.</summary>
internal static class Families
{
    public static readonly Family Info = new("mysql_backup_info", "gauge", "Configured backup set; always 1.");
    public static readonly Family PathOk = new("mysql_backup_path_ok", "gauge", "1 when the backup set's directory exists and can be listed." + Cached);
    public static readonly Family LastSuccess = new("mysql_backup_last_success_timestamp_seconds", "gauge", "End time (mtime) of the newest artifact that passed every enabled check; 0 if none." + Cached);
    public static readonly Family LastSuccessAge = new("mysql_backup_last_success_age_seconds", "gauge", "Seconds since the newest good artifact was finished, computed at scrape time; since the epoch if there is none.");
    public static readonly Family LastFailure = new("mysql_backup_last_failure_timestamp_seconds", "gauge", "End time (mtime) of the newest artifact that failed a check; 0 if none." + Cached);
    public static readonly Family LastSuccessSize = new("mysql_backup_last_success_size_bytes", "gauge", "Size of the newest good artifact; 0 if none." + Cached);
    public static readonly Family LastSuccessDuration = new("mysql_backup_last_success_duration_seconds", "gauge", "How long the newest good backup took, from the tool's own start and end times; absent where the tool records no start." + Cached);
    public static readonly Family SizeRatio = new("mysql_backup_size_ratio_to_previous", "gauge", "Newest good artifact's size divided by the good one before it; absent with fewer than two." + Cached);
    public static readonly Family Artifacts = new("mysql_backup_artifacts", "gauge", "Retained artifacts by verdict." + Cached);
    public static readonly Family RetainedBytes = new("mysql_backup_retained_bytes", "gauge", "Bytes of all retained artifacts." + Cached);
    public static readonly Family Oldest = new("mysql_backup_oldest_timestamp_seconds", "gauge", "Modification time of the oldest retained artifact; 0 if none." + Cached);
    public static readonly Family CheckOk = new("mysql_backup_check_ok", "gauge", "1 when the newest finished artifact passed the check, 0 when it failed; absent while there is no finished artifact." + Cached);
    public static readonly Family Overdue = new("mysql_backup_overdue", "gauge", "1 when a scheduled start plus grace has passed without a good artifact after it, computed at scrape time; absent without a schedule.");
    public static readonly Family NextExpected = new("mysql_backup_next_expected_timestamp_seconds", "gauge", "The next scheduled start after the newest good artifact, plus grace: a success is due by then; absent without a schedule." + Cached);
    public static readonly Family ScheduleInterval = new("mysql_backup_schedule_interval_seconds", "gauge", "The longest time between two scheduled starts of the set (from schedule): binlog retention must outlive it; absent without a schedule.");
    public static readonly Family Running = new("mysql_backup_running", "gauge", "1 while an artifact is still being written (changed since the previous inspection or within settle_time)." + Cached);
    public static readonly Family VolumeFree = new("mysql_backup_volume_free_bytes", "gauge", "Bytes available to the exporter's user on the filesystem holding the backup set." + Cached);
    public static readonly Family VolumeSize = new("mysql_backup_volume_size_bytes", "gauge", "Total bytes of the filesystem holding the backup set." + Cached);
    public static readonly Family Headroom = new("mysql_backup_volume_headroom_ratio", "gauge", "Free bytes divided by the newest good artifact's size: how many more such backups fit; absent without a good artifact." + Cached);

    public static readonly Family LogErrors = new("mysql_backup_log_errors", "gauge", "Error lines of each class in the newest run of the set's log (source: the log's kind; run: the status file of backup-exporter run); every class is present." + Cached);
    public static readonly Family LastRunFailed = new("mysql_backup_last_run_failed", "gauge", "1 when the newest run in the log (or the run wrapper's status file) failed: an error line, a non-zero exit, a signal; 0 otherwise." + Cached);
    public static readonly Family CronLastStart = new("mysql_backup_cron_last_start_timestamp_seconds", "gauge", "When cron last started the set's job (its CMD line in the cron log)." + Cached);
    public static readonly Family CronStarts = new("mysql_backup_cron_starts_seen", "gauge", "Starts of the set's job seen in the cron log since the exporter began following it (the newest 1,000)." + Cached);
    public static readonly Family CronMissed = new("mysql_backup_cron_missed_runs", "gauge", "Scheduled starts of the set, since the exporter began following the cron log, at which cron did not start the job within grace." + Cached);
    public static readonly Family PitrOk = new("mysql_backup_pitr_ok", "gauge", "1 when the retained binlogs of the set's server reach without a gap from the newest good artifact's binlog coordinates to now; absent without a server." + Cached);
    public static readonly Family PitrWindow = new("mysql_backup_pitr_window_seconds", "gauge", "How far back a point-in-time restore can reach: now minus the oldest good artifact from which the retained binlogs reach now; 0 when none; absent without a server.");

    private const string ServerCached = " Refreshed in the background by the server's inspection, not at scrape time.";
    public static readonly Family ServerUp = new("mysql_backup_server_up", "gauge", "1 when the last connection to the server and its first query succeeded." + ServerCached);
    public static readonly Family ServerInfo = new("mysql_backup_server_info", "gauge", "The server's version and flavor (mysql or mariadb); always 1, absent while it was never reached." + ServerCached);
    public static readonly Family BinlogEnabled = new("mysql_backup_binlog_enabled", "gauge", "1 when binary logging (log_bin) is on." + ServerCached);
    public static readonly Family BinlogFiles = new("mysql_backup_binlog_files", "gauge", "Binary log files the server retains (SHOW BINARY LOGS)." + ServerCached);
    public static readonly Family BinlogSize = new("mysql_backup_binlog_size_bytes", "gauge", "Bytes of the binary log files the server retains." + ServerCached);
    public static readonly Family BinlogRetention = new("mysql_backup_binlog_retention_seconds", "gauge", "How long binary logs are kept (binlog_expire_logs_seconds or expire_logs_days); 0 = never expire." + ServerCached);
    public static readonly Family BinlogOldest = new("mysql_backup_binlog_oldest_timestamp_seconds", "gauge", "When the oldest retained binary log began (its first event), read from binlog_directory." + ServerCached);
    public static readonly Family BlockedThreads = new("mysql_backup_blocked_threads", "gauge", "Threads waiting behind backup locks, by wait." + ServerCached);
    public static readonly Family ServerErrors = new("mysql_backup_server_errors", "counter", "Lines of each class in the server's error log since the exporter began following it (kept across restarts by the state file); every class is present." + ServerCached);
    public static readonly Family BackupSessions = new("mysql_backup_server_backup_sessions", "gauge", "Sessions of backup tools (mysqldump, mariabackup, xtrabackup, MEB) running statements on the server." + ServerCached);

    public static readonly Family InspectionSuccess = new("mysql_backup_exporter_inspection_success", "gauge", "1 when the newest run of the inspection succeeded, 0 when it failed or timed out.");
    public static readonly Family InspectionDuration = new("mysql_backup_exporter_inspection_duration_seconds", "gauge", "How long the newest run of the inspection took.");
    public static readonly Family InspectionLastSuccess = new("mysql_backup_exporter_inspection_last_success_timestamp_seconds", "gauge", "When the newest successful run of the inspection started; 0 if none.");

    /// <summary>Exposition order. The two clock-dependent families are written at scrape time.</summary>
    public static readonly Family[] All =
    [
        Info, PathOk, LastSuccess, LastSuccessAge, LastFailure, LastSuccessSize, LastSuccessDuration, SizeRatio, Artifacts, RetainedBytes, Oldest,
        CheckOk, Overdue, NextExpected, ScheduleInterval, Running, VolumeFree, VolumeSize, Headroom, LogErrors, LastRunFailed, CronLastStart, CronStarts, CronMissed, PitrOk, PitrWindow,
        ServerUp, ServerInfo, BinlogEnabled, BinlogFiles, BinlogSize, BinlogRetention, BinlogOldest, BlockedThreads, BackupSessions, ServerErrors,
        InspectionSuccess, InspectionDuration, InspectionLastSuccess,
    ];

    public static int Index(Family family) => Array.IndexOf(All, family);

    static Families()
    {
        // SeriesGroup keeps a 64-bit mask of the families that hold clock series.
        if (All.Length > 64)
            throw new InvalidOperationException("more than 64 families: widen SeriesGroup.ClockFamilies");
    }
}
