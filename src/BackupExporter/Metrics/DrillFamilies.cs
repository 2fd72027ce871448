using static BackupExporter.Metrics.MetricLabels;
using G = BackupExporter.Metrics.MetricGroup;

namespace BackupExporter.Metrics;

/// <summary>The families of the metric contract rendered from a backup set's restore drill history.</summary>
internal static class DrillFamilies
{
    private const string Cached = " Refreshed in the background from the set's drill history, not at scrape time.";

    public static readonly Family RestoreTestOk = new("mysql_backup_restore_test_ok", "gauge",
        "1 when the newest restore drill of the set succeeded, 0 when it failed; absent before the first drill and while the newest drill "
            + "was unsupported." + Cached,
        G.Drill, [Backup],
        "1 when the newest restore drill succeeded: the sandbox server started on the restored data and every check held; 0 when it "
            + "failed. Absent before the first drill, and while the newest drill was `unsupported` (this host cannot restore the kind, "
            + "e.g. a `mysqlsh` dump without `mysqlsh`): that is neither proof nor failure, so the last success does not move and "
            + "`MysqlBackupRestoreTestStale` fires once the threshold passes.");
    public static readonly Family RestoreTestLastRun = new("mysql_backup_restore_test_last_run_timestamp_seconds", "gauge",
        "When the newest restore drill of the set ended, whatever its verdict." + Cached, G.Drill, [Backup],
        "When the newest drill ended, whatever its verdict. Absent before the first drill.");
    public static readonly Family RestoreTestLastSuccess = new("mysql_backup_restore_test_last_success_timestamp_seconds", "gauge",
        "When the newest successful restore drill of the set ended; 0 if none." + Cached,
        G.Drill, [Backup],
        "When the newest successful drill ended; 0 when none succeeded yet. Present for every set with `restore_test`, and for every set "
            + "with a drill history (a drill run on demand).");
    public static readonly Family RestoreTestLastSuccessAge = new("mysql_backup_restore_test_last_success_age_seconds", "gauge",
        "Seconds since the newest successful restore drill ended, computed at scrape time; since the epoch if none.", G.Drill, [Backup],
        "Now minus the above, computed at scrape time; with no successful drill the time since the epoch, so any threshold fires.");
    public static readonly Family RestoreTestDuration = new("mysql_backup_restore_test_duration_seconds", "gauge",
        "How long each phase of the newest restore drill took (fetch, restore, verify) and the whole drill (total): the measured "
            + "restore time." + Cached,
        G.Drill, [Backup, Phase],
        "How long each phase of the newest drill took: `fetch` decompresses, extracts or copies the artifact into the sandbox; `restore` "
            + "loads the dump, or prepares the physical backup and starts the server on it; `verify` runs `CHECK TABLE`, the counts and "
            + "the configured `checks`; `total` is the whole drill, the measured restore time. On a failed drill the phase it failed "
            + "in is the time it ran until the failure, and a phase it did not reach is 0 (absent in a history written by an older "
            + "version).");
    public static readonly Family RestoreTestArtifact = new("mysql_backup_restore_test_artifact_timestamp_seconds", "gauge",
        "End time of the artifact the newest restore drill restored: which backup it proved." + Cached,
        G.Drill, [Backup],
        "End time (as its tool recorded it, else its modification time) of the artifact the newest drill restored: which backup it "
            + "proved (or failed to). Absent when the "
            + "drill found no artifact to restore.");
    public static readonly Family RestoreTestTables = new("mysql_backup_restore_test_tables", "gauge",
        "Tables the newest restore drill found on the restored server." + Cached,
        G.Drill, [Backup],
        "Tables found on the restored server by the newest drill, in every restored schema. Absent when the drill did not "
            + "get as far as counting.");
    public static readonly Family RestoreTestRows = new("mysql_backup_restore_test_rows", "gauge",
        "Rows the newest restore drill counted on the restored server." + Cached,
        G.Drill, [Backup],
        "Rows counted on the restored server by the newest drill, in every restored schema. Absent when the drill did not "
            + "get as far as counting.");
    public static readonly Family RestoreTestRestoredBytes = new("mysql_backup_restore_test_restored_bytes", "gauge",
        "Bytes the newest restore drill restored into its sandbox." + Cached, G.Drill, [Backup],
        "Bytes the newest drill restored into its sandbox (the data directory it left before being removed).");
    public static readonly Family Rto = new("mysql_backup_rto_seconds", "gauge",
        "The set's recovery-time objective (rto): a slower drill or a longer predicted restore is reported.",
        G.Drill, [Backup],
        "The set's recovery-time objective: its `rto`, else the deprecated `restore_test.rto`, else `global.rto`. A rule compares the "
            + "drill's `total` and `mysql_backup_restore_predicted_seconds` with it. Absent without any.");
}
