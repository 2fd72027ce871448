namespace BackupExporter.Inspection.Server;

/// <summary>
/// Every statement the server inspection runs, with the privilege it needs. All are read-only and take no lock:
/// the exporter never runs FLUSH TABLES WITH READ LOCK, LOCK TABLES or BACKUP STAGE on a monitored server.
/// </summary>
internal static class ServerQueries
{
    public const string Identity = "SELECT VERSION(), @@version_comment, @@log_bin";

    /// <summary>Both spellings: MySQL 8.4 has only the first, MariaDB before 10.6 only the second.</summary>
    public const string Retention =
        "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('binlog_expire_logs_seconds', 'expire_logs_days')";

    /// <summary>Two columns on MariaDB and MySQL 5.7, three (with Encrypted) on MySQL 8; read by name.</summary>
    public const string BinaryLogs = "SHOW BINARY LOGS";

    public const string ProcessList =
        "SELECT COALESCE(STATE, ''), COALESCE(INFO, '') FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID()";

    /// <summary>What to grant for <see cref="BinaryLogs"/>, by flavor.</summary>
    public static string BinaryLogsPrivilege(string? flavor) =>
        flavor == "mariadb" ? "BINLOG MONITOR (MariaDB 10.5+) or REPLICATION CLIENT" : "REPLICATION CLIENT";

    public const string ProcessListPrivilege = "PROCESS";
}
