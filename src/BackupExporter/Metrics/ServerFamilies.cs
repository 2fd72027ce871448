using static BackupExporter.Metrics.MetricLabels;
using G = BackupExporter.Metrics.MetricGroup;

namespace BackupExporter.Metrics;

/// <summary>The families of the metric contract rendered from a server's inspection and its error log.</summary>
internal static class ServerFamilies
{
    private const string Cached = " Refreshed in the background by the server's inspection, not at scrape time.";

    public static readonly Family ServerUp = new("mysql_backup_server_up", "gauge",
        "1 when the last connection to the server and its first query succeeded." + Cached,
        G.Server, [Server],
        "1 when the last connection and its first query succeeded; 0 when the server is down or refuses the login.");
    public static readonly Family ServerInfo = new("mysql_backup_server_info", "gauge",
        "The server's version and flavor (mysql or mariadb); always 1, absent while it was never reached." + Cached,
        G.Server, [Server, MySqlVersion, Flavor],
        "Always 1; `version` is the server's `version`. Absent until the server was reached once.");
    public static readonly Family BinlogEnabled = new("mysql_backup_binlog_enabled", "gauge",
        "1 when binary logging (log_bin) is on." + Cached,
        G.Server, [Server],
        "`log_bin`: 1 when binary logging is on.");
    public static readonly Family BinlogFiles = new("mysql_backup_binlog_files", "gauge",
        "Binary log files the server retains (SHOW BINARY LOGS)." + Cached,
        G.Server, [Server],
        "Binary log files retained (`SHOW BINARY LOGS`; needs `REPLICATION CLIENT`, or `BINLOG MONITOR` on MariaDB).");
    public static readonly Family BinlogSize = new("mysql_backup_binlog_size_bytes", "gauge",
        "Bytes of the binary log files the server retains." + Cached,
        G.Server, [Server],
        "Their total size.");
    public static readonly Family BinlogRetention = new("mysql_backup_binlog_retention_seconds", "gauge",
        "How long binary logs are kept (binlog_expire_logs_seconds or expire_logs_days); 0 = never expire." + Cached,
        G.Server, [Server],
        "How long binary logs are kept: `binlog_expire_logs_seconds`, else `expire_logs_days` × 86400; 0 = never expire.");
    public static readonly Family BinlogOldest = new("mysql_backup_binlog_oldest_timestamp_seconds", "gauge",
        "When the oldest retained binary log began (its first event), read from binlog_directory." + Cached,
        G.Server, [Server],
        "When the oldest retained binary log began (its first event), read from `binlog_directory`; absent without it or when unreadable.");
    public static readonly Family BlockedThreads = new("mysql_backup_blocked_threads", "gauge",
        "Threads waiting behind backup locks, by wait." + Cached,
        G.Server, [Server, Wait],
        "Threads waiting behind backup locks (needs `PROCESS` to see other users' threads); every wait is present.");
    public static readonly Family ServerErrors = new("mysql_backup_server_errors", "counter",
        "Lines of each class in the server's error log since the exporter began following it (kept across restarts by the state file); "
            + "every class is present." + Cached,
        G.Server, [Server, Class],
        "Lines of each class in the server's `error_log` since the exporter began following it; positions are kept in `state_file`, "
            + "so a restart neither re-counts nor loses lines, and the count starts again from 0. Every class is present.");
    public static readonly Family BackupSessions = new("mysql_backup_server_backup_sessions", "gauge",
        "Sessions of backup tools (mysqldump, mariabackup, xtrabackup, MEB) running statements on the server." + Cached,
        G.Server, [Server],
        "Sessions of backup tools running statements on the server (mysqldump table reads, `FLUSH TABLES WITH READ LOCK`, `BACKUP STAGE`, "
            + "`LOCK INSTANCE FOR BACKUP`).");
}
