namespace BackupExporter.Configuration;

/// <summary>A backup set's <c>kind</c>. What each kind is lives in its <see cref="BackupKindDescriptor"/>.</summary>
internal enum BackupKind { Mysqldump, Xtrabackup, Mariabackup, Mydumper, Mysqlsh, Meb, XtrabackupHistory }

/// <summary>What one artifact of a set is on disk, or that it is not on disk at all.</summary>
internal enum ArtifactShape
{
    /// <summary>One file per backup (possibly compressed), with optional checksum sidecars.</summary>
    File,

    /// <summary>One directory per backup (XtraBackup and mariabackup may also write one .xbstream file).</summary>
    Directory,

    /// <summary>One row of a history table on the set's server; nothing on disk to read.</summary>
    HistoryRow,
}

/// <summary>The format of an artifact, which names the one reader that understands it.</summary>
internal enum ArtifactFormat
{
    /// <summary>mysqldump / mariadb-dump SQL text, plain or compressed.</summary>
    MysqldumpFile,

    /// <summary>XtraBackup / mariabackup: a prepared or unprepared data directory or an .xbstream, InnoDB LSNs.</summary>
    XtrabackupDirectory,

    /// <summary>mydumper: metadata file plus one file per table.</summary>
    MydumperDirectory,

    /// <summary>MySQL Shell dump: @.json, @.done.json and chunk files.</summary>
    MysqlshDirectory,

    /// <summary>MySQL Enterprise Backup's <c>mysql.backup_history</c>.</summary>
    MebHistoryRow,

    /// <summary>XtraBackup's <c>PERCONA_SCHEMA.xtrabackup_history</c> or MariaDB's <c>mysql.mariadb_backup_history</c>.</summary>
    XtrabackupHistoryRow,
}

/// <summary>Which program family makes a physical backup, and so extracts and prepares it when the backup does not say.</summary>
internal enum PhysicalMaker
{
    /// <summary>Not a physical backup.</summary>
    None,

    /// <summary>mariabackup (mbstream).</summary>
    Mariabackup,

    /// <summary>Percona XtraBackup (xbstream).</summary>
    Xtrabackup,
}

/// <summary>Everything that differs between backup kinds; a new kind is one of these and one reader.</summary>
/// <param name="Word">the <c>kind</c> in the configuration, the <c>kind</c> label and the status report</param>
/// <param name="DefaultPattern">the <c>pattern</c> when the set names none</param>
/// <param name="LogKind">
/// how the set's <c>log</c> is read: its tool's lines, or <see cref="LogKind.Run"/> when the tool's are not known
/// </param>
/// <param name="Maker">for physical backups: the tools that extract and prepare them (the drill's restore follows the
/// <see cref="Format"/>)</param>
/// <param name="HistoryTable">for <see cref="ArtifactShape.HistoryRow"/>: the table, as the messages name it</param>
internal sealed record BackupKindDescriptor(
    BackupKind Kind,
    string Word,
    ArtifactShape Shape,
    ArtifactFormat Format,
    string DefaultPattern,
    LogKind LogKind,
    PhysicalMaker Maker,
    IReadOnlyList<string> Checks,
    string? HistoryTable = null);
