namespace BackupExporter.Inspection.Server;

/// <summary>
/// Recognises a backup tool's session by the statement it is running: mysqldump/mariadb-dump's table reads and
/// locks, mariabackup's BACKUP STAGE, XtraBackup's and MySQL Enterprise Backup's instance and read locks.
/// </summary>
internal static class BackupSessionSignature
{
    private static readonly string[] Signatures =
    [
        "SQL_NO_CACHE */ * FROM",        // mysqldump / mariadb-dump reading a table
        "FLUSH TABLES WITH READ LOCK",   // mysqldump --master-data / --lock-all-tables, XtraBackup, MEB
        "FLUSH /*!40101 LOCAL */ TABLES", // mysqldump --master-data before the read lock
        "BACKUP STAGE",                  // mariabackup
        "LOCK INSTANCE FOR BACKUP",      // XtraBackup 8, MEB
        "LOCK TABLES FOR BACKUP",        // Percona Server backup locks
    ];

    public static bool Matches(string statement) =>
        statement.Length > 0 && Signatures.Any(s => statement.Contains(s, StringComparison.OrdinalIgnoreCase));
}
