using static BackupExporter.Metrics.MetricLabels;
using G = BackupExporter.Metrics.MetricGroup;

namespace BackupExporter.Metrics;

/// <summary>The families of the metric contract that answer "to what point, how fast, against which objective".</summary>
internal static class RecoveryFamilies
{
    private const string Cached = " Decided in the background with the set's verdicts, not at scrape time.";

    public static readonly MetricLabel Scope = new("scope", Reporting.RecoveryScopes.All.Select(Reporting.RecoveryScopes.Word).ToArray());

    public static readonly Family RecoveryPoint = new("mysql_backup_recovery_point_timestamp_seconds", "gauge",
        "The newest moment the set can be restored to now, per scope: local (this host's artifacts and binlogs), offsite (what "
            + "survives losing the host), proven (the newest artifact a restore drill restored); 0 when the scope has none." + Cached,
        G.Recovery, [Backup, Scope],
        "The newest moment the set can be restored to now; `time() - ` this is the current recovery point age. `local`: the newest good "
            + "artifact's point, extended through the server's retained binlogs while they reach the current one without a gap (then "
            + "the time the server was last observed so) and through the server's binlog archive; it falls back to the artifact's own "
            + "point when a needed binlog is purged or `log_bin` is off. `offsite`: the newest good artifact with an intact copy on at "
            + "least one remote, extended only by archived binlogs that are off-site too; present only for sets with `offsite`. "
            + "`proven`: the newest retained good artifact whose restore drill passed. 0 when the scope has no point. Artifact times "
            + "are the tool's own record. The per-server best of each scope is the recording rule "
            + "`mysql_backup:server_recovery_point_timestamp_seconds` (alert-rules/recovery-points.rules.yml).");
    public static readonly Family Rpo = new("mysql_backup_rpo_seconds", "gauge",
        "The set's recovery-point objective (rpo): how old its local and offsite recovery points may be.",
        G.Recovery, [Backup],
        "The set's recovery-point objective: its `rpo`, else `global.rpo`. Absent without either. The `local` and `offsite` recovery "
            + "points are held against it (`MysqlBackupRpoBreached`).");
    public static readonly Family RestorePredicted = new("mysql_backup_restore_predicted_seconds", "gauge",
        "How long a restore of the newest artifact and its binlogs is predicted to take, fitted from the set's drills; absent when "
            + "unknown." + Cached,
        G.Recovery, [Backup],
        "The predicted restore time of the `local` recovery point: the set's drill history fitted to the size of the newest artifact "
            + "and of the binlogs a restore replays after it. Absent when there is no drill to fit it from: never guessed. Held "
            + "against `mysql_backup_rto_seconds` (`MysqlBackupRtoBreached`).");
    public static readonly Family RestorePredictionDrills = new("mysql_backup_restore_prediction_drills", "gauge",
        "The drills the predicted restore time is fitted from; 0 when there is no prediction." + Cached,
        G.Recovery, [Backup],
        "The basis of `mysql_backup_restore_predicted_seconds`: how many drills it was fitted from; 0 when there is no prediction.");
}
