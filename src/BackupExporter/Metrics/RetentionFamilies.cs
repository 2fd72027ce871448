using static BackupExporter.Metrics.MetricHelp;
using static BackupExporter.Metrics.MetricLabels;
using G = BackupExporter.Metrics.MetricGroup;

namespace BackupExporter.Metrics;

/// <summary>The families of a set's retention promise, its removals and its change-rate signals (Reporting/Retention).</summary>
internal static class RetentionFamilies
{
    /// <summary>The change-rate signals of <c>mysql_backup_change_unusual</c>.</summary>
    public static readonly MetricLabel Signal = new("signal", ["size", "compression"]);

    public static readonly Family RetentionOk = new("mysql_backup_retention_ok", "gauge",
        "1 when the set keeps its retention promise (min_good good artifacts, a good one from every day of the window); absent "
            + "without retention." + Cached,
        G.BackupSet, [Backup],
        "Sets with `retention` only. 1 when at least `min_good` artifacts are good and every day of the `window` has a good "
            + "artifact made that day (by the tool's recorded time, in the set's `timezone`); 0 otherwise. The window ends with the last "
            + "day a backup was due (see configuration.md, \"Retention\").");
    public static readonly Family RetentionRestorableDays = new("mysql_backup_retention_restorable_days", "gauge",
        "Days of the retention window that have a good artifact made that day; absent without a retention window." + Cached,
        G.BackupSet, [Backup],
        "Sets with a retention `window` only. How many days of the window have a good artifact made that day: \"5 of 7 days "
            + "restorable\". The window's length is the configured `window`.");
    public static readonly Family RetentionFirstMissingDay = new("mysql_backup_retention_first_missing_day_timestamp_seconds", "gauge",
        "Start (midnight in the set's time zone) of the oldest day of the retention window without a good artifact; 0 when none is "
            + "missing; absent without a retention window." + Cached,
        G.BackupSet, [Backup],
        "Sets with a retention `window` only. Midnight (in the set's `timezone`) of the oldest day of the window that has no good "
            + "artifact; 0 when every day has one.");
    public static readonly Family RemovedTooEarly = new("mysql_backup_removed_too_early_artifacts", "gauge",
        "Good artifacts removed too early: made inside the retention window, or without retention removed while an older one "
            + "is still retained." + Cached,
        G.BackupSet, [Backup],
        "Good artifacts that were retained and are gone while newer ones exist, and were removed too early: made inside the "
            + "retention `window`; for a set without a window, removed while an older artifact is still retained (out of order). A "
            + "removal outside the window is what the promise allows and is not counted. Remembered across restarts (the state "
            + "directory's `seen/`) and counted until the window has passed them (at least 8 days). Sets read from files or "
            + "directories only.");
    public static readonly Family CompressionRatio = new("mysql_backup_compression_ratio", "gauge",
        "Uncompressed bytes divided by stored bytes of the newest good artifact, a compressed dump; absent otherwise." + Cached,
        G.BackupSet, [Backup],
        "Bytes of SQL the newest good artifact decompresses to, divided by its size on disk: counted by the verifying read itself. "
            + "Compressed dump files (`.gz`, `.zst`) only; absent for other artifacts. Random or encrypted content does not "
            + "compress: a ratio that falls to about 1 is a sign of trouble.");
    public static readonly Family ChangeUnusual = new("mysql_backup_change_unusual", "gauge",
        "1 when the newest good artifact's size ratio or compression ratio lies far outside the set's own history (median and "
            + "MAD of the last 14); both signals present." + Cached,
        G.BackupSet, [Backup, Signal],
        "1 when the newest good artifact lies far outside the set's own history: `size`, its size divided by the good one before it, "
            + "held against the same ratio of the last 14 good artifacts of its sort; `compression`, its compression ratio held "
            + "against theirs. Far outside: more than 5 times the spread (1.4826 × the median absolute deviation, at least 10% of "
            + "the median) from the median. 0 with fewer than 5 earlier good artifacts. A warning, never a failed check.");
}
