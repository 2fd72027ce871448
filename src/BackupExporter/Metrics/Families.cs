using static BackupExporter.Metrics.MetricHelp;
using static BackupExporter.Metrics.MetricLabels;
using static BackupExporter.Metrics.ServerFamilies;
using static BackupExporter.Metrics.DrillFamilies;
using static BackupExporter.Metrics.ExporterFamilies;
using static BackupExporter.Metrics.OffsiteFamilies;
using static BackupExporter.Metrics.RetentionFamilies;
using static BackupExporter.Metrics.RecoveryFamilies;
using G = BackupExporter.Metrics.MetricGroup;

namespace BackupExporter.Metrics;

/// <summary>
/// The families of the metric contract rendered from snapshots, in exposition order (those of servers and
/// inspections are in ServerFamilies and ExporterFamilies). HELP is the short truth; Doc is the row of docs/metrics.md.
/// </summary>
internal static class Families
{
    public static readonly Family Info = new("mysql_backup_info", "gauge",
        "Configured backup set; always 1.",
        G.BackupSet, [Backup, Server, Kind, SetPath],
        "1 for every configured set. `server` is empty when the set names none.");
    public static readonly Family PathOk = new("mysql_backup_path_ok", "gauge",
        "1 when the backup set's directory exists and can be listed." + Cached,
        G.BackupSet, [Backup],
        "1 when the set's directory exists and can be listed; 0 when it is missing, not a directory, or unreadable.");
    public static readonly Family LastSuccess = new("mysql_backup_last_success_timestamp_seconds", "gauge",
        "End time of the newest artifact that passed every enabled check, as its tool recorded it (else its mtime); 0 if none."
            + Cached,
        G.BackupSet, [Backup],
        "End time of the newest artifact that passed every enabled check: the time its tool recorded (a dump's `Dump completed on` "
            + "footer, `end_time` of xtrabackup_info, mydumper's `Finished dump at`, MySQL Shell's `@.done.json`, a history row's "
            + "`end_time`), read in the set's `timezone`; its modification time where the tool records nothing usable (see "
            + "`mysql_backup_time_source_info`). A copy, a clone or a `touch` does not make a backup younger. 0 when there is none.");
    public static readonly Family TimeSource = new("mysql_backup_time_source_info", "gauge",
        "Where the time of the set's newest good artifact (else newest finished) comes from: the tool's record or the file time; "
            + "always 1." + Cached,
        G.BackupSet, [Backup, TimeSourceLabel],
        "1, with `source=\"recorded\"` when the artifact whose time the set's ages use (the newest good one, else the newest "
            + "finished one) is dated by its tool's own record, `source=\"file\"` when by its modification time: the tool recorded "
            + "nothing (`mysqldump --skip-dump-date`, `--compact`) or the record was unusable (not a date, in the future, before the "
            + "previous artifact: a warning on the set says which). One series per set; absent while the set has no finished artifact.");
    public static readonly Family LastSuccessAge = new("mysql_backup_last_success_age_seconds", "gauge",
        "Seconds since the newest good artifact was finished, computed at scrape time; since the epoch if there is none.",
        G.BackupSet, [Backup],
        "Now minus the above, computed at scrape time. With no good artifact it is the time since the epoch, so any age threshold fires.");
    public static readonly Family LastFailure = new("mysql_backup_last_failure_timestamp_seconds", "gauge",
        "End time of the newest failed attempt: an artifact that failed a check, a failed run in the set's logs, or a failed run in the "
            + "run wrapper's status file; 0 if none." + Cached,
        G.BackupSet, [Backup],
        "End time of the newest failed attempt, whichever came last: an artifact that failed a check (its recorded time, else its "
            + "modification time), a failed run "
            + "in one of the set's logs (its end, else its last line seen), a failed run in the status file of `backup-exporter run` (its "
            + "end, else its start). 0 when nothing failed.");
    public static readonly Family LastSuccessSize = new("mysql_backup_last_success_size_bytes", "gauge",
        "Size of the newest good artifact; 0 if none." + Cached,
        G.BackupSet, [Backup],
        "Size on disk of the newest good artifact; 0 when there is none.");
    public static readonly Family LastSuccessDuration = new("mysql_backup_last_success_duration_seconds", "gauge",
        "How long the newest good backup took, from the tool's own start and end times; absent where the tool records no start." + Cached,
        G.BackupSet, [Backup],
        "How long the newest good backup took, from the tool's own start and end times (history tables, physical backups). Absent where "
            + "the tool records no start time, as for a plain mysqldump file.");
    public static readonly Family SizeRatio = new("mysql_backup_size_ratio_to_previous", "gauge",
        "Newest good artifact's size divided by the good one before it; absent with fewer than two." + Cached,
        G.BackupSet, [Backup],
        "Size of the newest good artifact divided by the good one before it. Absent with fewer than two good artifacts.");
    public static readonly Family Artifacts = new("mysql_backup_artifacts", "gauge",
        "Retained artifacts by verdict." + Cached,
        G.BackupSet, [Backup, Status],
        "Retained artifacts by verdict; all three are always present.");
    public static readonly Family RetainedBytes = new("mysql_backup_retained_bytes", "gauge",
        "Bytes of all retained artifacts." + Cached,
        G.BackupSet, [Backup],
        "Bytes of all retained artifacts (every verdict).");
    public static readonly Family Oldest = new("mysql_backup_oldest_timestamp_seconds", "gauge",
        "Time of the oldest retained artifact (recorded by its tool, else its mtime); 0 if none." + Cached,
        G.BackupSet, [Backup],
        "Time of the oldest retained artifact: as its tool recorded it, else its modification time; 0 when there is none.");
    public static readonly Family CheckOk = new("mysql_backup_check_ok", "gauge",
        "1 when the newest finished artifact passed the check, 0 when it failed; absent while there is no finished artifact." + Cached,
        G.BackupSet, [Backup, Check],
        "1 when the newest finished artifact passed the check, 0 when it failed. `complete`: the dump ends with `-- Dump completed`, "
            + "read from an intact stream (a footer from a damaged gzip/zstd stream proves nothing). `compression`: the gzip/zstd stream "
            + "decompresses to its proper end; 1 for uncompressed files. `checksum`: matches its sidecar; absent with `checksum: none`; "
            + "1 with `checksum: auto` when there is no sidecar. `size`: `min_size` and `max_shrink`; incrementals are compared with "
            + "incrementals. `chain`: physical backups only; the incremental continues a retained, intact backup at its `from_lsn`, "
            + "back to a full backup (see configuration.md \"Directory backups\"). For directory kinds, `complete` means the tool's final "
            + "files are there and whole, and `checksum` refers to the directory's manifest. An empty artifact (0 bytes, what a tool "
            + "leaves when it fails before writing: a refused login with `--result-file`) fails `complete` alone, \"the file is empty (0 "
            + "bytes)\"; its `compression`, `checksum` and `size` are not judged and have no series (not 1: nothing was verified; not 0: "
            + "one cause is one failed check, so one alert). Absent while the set has no finished artifact: see `mysql_backup_artifacts` "
            + "and `mysql_backup_overdue` for that.");
    public static readonly Family Overdue = new("mysql_backup_overdue", "gauge",
        "1 when a scheduled start plus grace has passed without a good artifact after it, computed at scrape time; "
            + "absent without a schedule.",
        G.BackupSet, [Backup],
        "1 when the first scheduled start after the newest good artifact, plus `grace`, has passed. Computed at scrape time. "
            + "Absent without `schedule`.");
    public static readonly Family NextExpected = new("mysql_backup_next_expected_timestamp_seconds", "gauge",
        "The next scheduled start after the newest good artifact, plus grace: a success is due by then; absent "
            + "without a schedule." + Cached,
        G.BackupSet, [Backup],
        "That deadline: the next scheduled start after the newest good artifact, plus `grace`. Absent without `schedule`.");
    public static readonly Family ScheduleInterval = new("mysql_backup_schedule_interval_seconds", "gauge",
        "The longest time between two scheduled starts of the set (from schedule): binlog retention must outlive it; "
            + "absent without a schedule.",
        G.BackupSet, [Backup],
        "The longest time between two scheduled starts of the set's `schedule` (a weekday-only schedule: 72 h, Friday to Monday). Binlog "
            + "retention must outlive it; the alert rules read it. Absent without `schedule`.");
    public static readonly Family Running = new("mysql_backup_running", "gauge",
        "1 while an artifact is still being written (changed since the previous inspection or within settle_time)." + Cached,
        G.BackupSet, [Backup],
        "1 while an artifact is still being written: modified within `settle_time`, or changed since the previous inspection. Such an "
            + "artifact is `in_progress`, never `failed`.");
    public static readonly Family VolumeFree = new("mysql_backup_volume_free_bytes", "gauge",
        "Bytes available to the exporter's user on the filesystem holding the backup set." + Cached,
        G.BackupSet, [Backup],
        "Bytes available to the exporter's user on the filesystem holding the set. Absent when the directory is missing.");
    public static readonly Family VolumeSize = new("mysql_backup_volume_size_bytes", "gauge",
        "Total bytes of the filesystem holding the backup set." + Cached,
        G.BackupSet, [Backup],
        "Total bytes of that filesystem.");
    public static readonly Family Headroom = new("mysql_backup_volume_headroom_ratio", "gauge",
        "Free bytes divided by the newest good artifact's size: how many more such backups fit; absent without a good artifact." + Cached,
        G.BackupSet, [Backup],
        "Free bytes divided by the size of the newest good artifact: how many more backups of that size fit. Absent "
            + "without a good artifact.");

    public static readonly Family LogErrors = new("mysql_backup_log_errors", "gauge",
        "Error lines of each class in the newest run of the set's log (source: the log's kind; run: the status file of backup-exporter "
            + "run); every class is present." + Cached,
        G.JobLog, [Backup, Source, Class],
        "Error lines of each class in the newest run of the log: `source` is the log's kind; `run` is also the status file of "
            + "`backup-exporter run`, when no log of kind `run` is configured. Every class is present (0 where none). "
            + "Drops to 0 with a clean run.");
    public static readonly Family LastRunFailed = new("mysql_backup_last_run_failed", "gauge",
        "1 when the newest run in the log (or the run wrapper's status file) failed: an error line, a non-zero exit, "
            + "a signal; 0 otherwise." + Cached,
        G.JobLog, [Backup, Source],
        "1 when the newest run in the log failed: an error line, a tool's failure line, a non-zero exit or a signal in the run wrapper's "
            + "end marker or status file, a wrapper that vanished without its end marker.");
    public static readonly Family CronLastStart = new("mysql_backup_cron_last_start_timestamp_seconds", "gauge",
        "When cron last started the set's job (its CMD line in the cron log)." + Cached,
        G.JobLog, [Backup],
        "When cron last started the set's job (its `CMD` line, matched by `match`). Cron logs only.");
    public static readonly Family CronStarts = new("mysql_backup_cron_starts_seen", "gauge",
        "Starts of the set's job seen in the cron log since the exporter began following it (the newest 1,000)." + Cached,
        G.JobLog, [Backup],
        "Starts of the job seen in the cron log since the exporter began following it (at most the newest 1,000). Cron logs only.");
    public static readonly Family CronMissed = new("mysql_backup_cron_missed_runs", "gauge",
        "Scheduled starts of the set, since the exporter began following the cron log, at which cron did not start the job "
            + "within grace." + Cached,
        G.JobLog, [Backup],
        "Scheduled starts (the set's `schedule`) since the exporter began following the cron log at which cron did not start the job "
            + "within `grace`. Cron logs with a schedule only.");
    public static readonly Family PitrOk = new("mysql_backup_pitr_ok", "gauge",
        "1 when the retained binlogs of the set's server reach without a gap from the newest good artifact's binlog coordinates to now; "
            + "absent without a server." + Cached,
        G.BackupSet, [Backup],
        "Sets with a `server` only. 1 when the binlog recorded by the newest good artifact (`--master-data=2` / `--source-data=2`) is "
            + "still retained by the server and the retained binlogs from it to the current one have no gap; 0 otherwise (binlogs off, "
            + "coordinates missing, binlog purged, gap, server unreachable), with the reason on the status page.");
    public static readonly Family PitrWindow = new("mysql_backup_pitr_window_seconds", "gauge",
        "How far back a point-in-time restore can reach: now minus the oldest good artifact from which the retained binlogs reach now; "
            + "0 when none; absent without a server.",
        G.BackupSet, [Backup],
        "Sets with a `server` only. Now minus the end time of the oldest good artifact from which the retained binlogs reach now: how far "
            + "back a point-in-time restore can go today. 0 when none. Computed at scrape time.");

    /// <summary>Exposition order. The two clock-dependent families are written at scrape time.</summary>
    public static readonly Family[] All =
    [
        Info, PathOk, LastSuccess, LastSuccessAge, TimeSource, LastFailure, LastSuccessSize, LastSuccessDuration, SizeRatio,
            Artifacts, RetainedBytes, Oldest,
        CheckOk, Overdue, NextExpected, ScheduleInterval, Running, VolumeFree, VolumeSize, Headroom, LogErrors, LastRunFailed,
            CronLastStart, CronStarts, CronMissed, PitrOk, PitrWindow,
        RetentionOk, RetentionRestorableDays, RetentionFirstMissingDay, RemovedTooEarly, CompressionRatio, ChangeUnusual,
        RestoreTestOk, RestoreTestLastRun, RestoreTestLastSuccess, RestoreTestLastSuccessAge, RestoreTestDuration, RestoreTestArtifact,
        RestoreTestTables, RestoreTestRows, RestoreTestRestoredBytes, Rto,
        RecoveryPoint, Rpo, RestorePredicted, RestorePredictionDrills,
        OffsiteUp, OffsiteLastCopy, OffsiteLag, OffsiteMaxLag, OffsiteMissing, OffsiteMismatched, OffsiteObjects,
            OffsiteBytes, OffsiteListDuration,
        .. ReverifyFamilies.All,
        ServerUp, ServerInfo, BinlogEnabled, BinlogFiles, BinlogSize, BinlogRetention, BinlogOldest, BlockedThreads,
            BackupSessions, ServerErrors,
        .. BinlogArchiveFamilies.All,
        InspectionSuccess, InspectionDuration, InspectionLastSuccess,
    ];

    // By reference: a family is one of the instances above, and a record's Equals would compare its strings.
    private static readonly Dictionary<Family, int> Indexes =
        All.Select((family, index) => (family, index)).ToDictionary(x => x.family, x => x.index, new ByReference());

    private sealed class ByReference : IEqualityComparer<Family>
    {
        public bool Equals(Family? x, Family? y) => ReferenceEquals(x, y);

        public int GetHashCode(Family family) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(family);
    }

    /// <summary>The family's place in <see cref="All"/>.</summary>
    /// <exception cref="ArgumentException">a family that is not one of <see cref="All"/></exception>
    public static int Index(Family family) => Indexes.TryGetValue(family, out var index)
        ? index
        : throw new ArgumentException($"{family.Name} is not one of the snapshot families (Families.All)", nameof(family));

    static Families()
    {
        // A series group keeps which families it has as one FamilySet.
        if (All.Length > FamilySet.Capacity)
            throw new InvalidOperationException($"more than {FamilySet.Capacity} families: widen FamilySet");
    }
}
