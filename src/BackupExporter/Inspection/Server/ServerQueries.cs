namespace BackupExporter.Inspection.Server;

/// <summary>
/// Every statement the server inspection runs, with the privilege it needs. All are read-only and take no lock:
/// the exporter never runs FLUSH TABLES WITH READ LOCK, LOCK TABLES or BACKUP STAGE on a monitored server.
/// </summary>
internal static class ServerQueries
{
    public const string Identity = "SELECT VERSION(), @@version_comment, @@log_bin";

    /// <summary>
    /// Both spellings, for a version <see cref="ServerVersion"/> cannot parse: MySQL 8.4 has only the first, MariaDB
    /// before 10.6 only the second. Otherwise <see cref="ServerVersion.RetentionQuery"/>, which is far cheaper.
    /// </summary>
    public const string Retention =
        "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('binlog_expire_logs_seconds', 'expire_logs_days')";

    /// <summary>Two columns on MariaDB and MySQL 5.7, three (with Encrypted) on MySQL 8; read by name.</summary>
    public const string BinaryLogs = "SHOW BINARY LOGS";

    /// <summary>
    /// Not information_schema.PROCESSLIST: on MariaDB 10.11 that costs the server ~550 µs a call, SHOW PROCESSLIST
    /// ~8 µs (bench/server-cost.sh). Its Info is cut at 100 characters, which holds every backup signature.
    /// Columns are read by name: Id, User, State, Info.
    /// </summary>
    public const string ProcessList = "SHOW PROCESSLIST";

    /// <summary>
    /// Without PROCESS the list silently holds only the account's own sessions; asked only when no other user's
    /// session is listed, which on a server with clients and PROCESS does not happen.
    /// </summary>
    public const string HasProcessPrivilege =
        "SELECT COUNT(*) FROM information_schema.USER_PRIVILEGES WHERE PRIVILEGE_TYPE IN ('PROCESS', 'SUPER')";

    /// <summary>What to grant for <see cref="BinaryLogs"/>, by flavor.</summary>
    public static string BinaryLogsPrivilege(string? flavor) =>
        flavor == ServerVersion.MariaDb ? "BINLOG MONITOR (MariaDB 10.5+) or REPLICATION CLIENT" : "REPLICATION CLIENT";

    public const string ProcessListPrivilege = "PROCESS";
}
