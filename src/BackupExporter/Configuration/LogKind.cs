namespace BackupExporter.Configuration;

/// <summary>
/// What wrote a log, which decides how its lines are read. Flags, so that one row of <c>Inspection/Logs/ErrorPatterns</c> can
/// serve several kinds; a log itself always has exactly one kind.
/// </summary>
[Flags]
internal enum LogKind
{
    None = 0,

    /// <summary>stderr of mysqldump / mariadb-dump (and mysqlpump, mydumper wrappers that print the same shapes).</summary>
    Mysqldump = 1,

    /// <summary>stderr of Percona XtraBackup and MariaDB's mariabackup / mariadb-backup.</summary>
    Xtrabackup = 2,

    /// <summary>A syslog or cron log: Debian <c>CRON[pid]</c>, cronie <c>crond[pid]</c>.</summary>
    Cron = 4,

    /// <summary>The error log of mysqld / mariadbd.</summary>
    MysqlError = 8,

    /// <summary>A log written by <c>backup-exporter run</c> around any command: markers plus the command's stderr.</summary>
    Run = 16,

    /// <summary>Lines written by backup tools, whichever the tool.</summary>
    Tools = Mysqldump | Xtrabackup | Run,

    All = Mysqldump | Xtrabackup | Cron | MysqlError | Run,
}

internal static class LogKinds
{
    public static readonly IReadOnlyList<LogKind> Each = [LogKind.Mysqldump, LogKind.Xtrabackup, LogKind.Cron,
        LogKind.MysqlError, LogKind.Run];

    /// <summary>The value of the <c>source</c> label.</summary>
    public static string Name(LogKind kind) => kind switch
    {
        LogKind.Mysqldump => "mysqldump",
        LogKind.Xtrabackup => "xtrabackup",
        LogKind.Cron => "cron",
        LogKind.MysqlError => "mysql_error",
        LogKind.Run => "run",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a single log kind"),
    };

    /// <summary>Also accepts <c>mariabackup</c> and <c>mariadb-dump</c>, which write the same lines as their originals.</summary>
    public static LogKind? Parse(string name) => name switch
    {
        "mysqldump" or "mariadb-dump" => LogKind.Mysqldump,
        "xtrabackup" or "mariabackup" or "mariadb-backup" => LogKind.Xtrabackup,
        "cron" => LogKind.Cron,
        "mysql_error" => LogKind.MysqlError,
        "run" => LogKind.Run,
        _ => null,
    };

    /// <summary>The kind of a backup set's <c>log</c>: its tool's, or <see cref="LogKind.Run"/> when the tool is not known.</summary>
    public static LogKind ForBackup(BackupKind kind) => kind.Describe().LogKind;
}
