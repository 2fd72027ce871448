namespace BackupExporter.Configuration;

/// <summary>The descriptor of every backup kind, and the one place a kind's word is read.</summary>
internal static class BackupKinds
{
    /// <summary>Each kind, in the order the configuration errors list them.</summary>
    public static readonly IReadOnlyList<BackupKindDescriptor> All =
    [
        // Checks: a dump file is read whole (header and footer, compression, sidecar); a physical backup also has its
        // incremental chain; mydumper and mysqlsh directories have their completion marker and a manifest sidecar; a
        // history row says only whether the tool finished (and, for XtraBackup, where it sits in its chain). Size is
        // judged against the previous good artifact wherever the artifact has a size on disk.
        new(BackupKind.Mysqldump, "mysqldump", ArtifactShape.File, ArtifactFormat.MysqldumpFile, "*.sql*", LogKind.Mysqldump,
            PhysicalMaker.None, FileChecks),
        new(BackupKind.Xtrabackup, "xtrabackup", ArtifactShape.Directory, ArtifactFormat.XtrabackupDirectory, "*", LogKind.Xtrabackup,
            PhysicalMaker.Xtrabackup, PhysicalChecks),
        new(BackupKind.Mariabackup, "mariabackup", ArtifactShape.Directory, ArtifactFormat.XtrabackupDirectory, "*", LogKind.Xtrabackup,
            PhysicalMaker.Mariabackup, PhysicalChecks),
        new(BackupKind.Mydumper, "mydumper", ArtifactShape.Directory, ArtifactFormat.MydumperDirectory, "*", LogKind.Run,
            PhysicalMaker.None, LogicalDirectoryChecks),
        new(BackupKind.Mysqlsh, "mysqlsh", ArtifactShape.Directory, ArtifactFormat.MysqlshDirectory, "*", LogKind.Run, PhysicalMaker.None,
            LogicalDirectoryChecks),
        new(BackupKind.Meb, "meb", ArtifactShape.HistoryRow, ArtifactFormat.MebHistoryRow, "*", LogKind.Run, PhysicalMaker.None,
            [CheckNames.Complete], "mysql.backup_history"),
        new(BackupKind.XtrabackupHistory, "xtrabackup_history", ArtifactShape.HistoryRow, ArtifactFormat.XtrabackupHistoryRow, "*",
            LogKind.Xtrabackup, PhysicalMaker.None, [CheckNames.Complete], "PERCONA_SCHEMA.xtrabackup_history (or "
                + "mysql.mariadb_backup_history)"),
    ];

    private static IReadOnlyList<string> FileChecks => [CheckNames.Complete, CheckNames.Compression, CheckNames.Checksum, CheckNames.Size];

    private static IReadOnlyList<string> PhysicalChecks => [CheckNames.Complete, CheckNames.Compression, CheckNames.Checksum,
        CheckNames.Size, CheckNames.Chain];

    private static IReadOnlyList<string> LogicalDirectoryChecks => [CheckNames.Complete, CheckNames.Checksum, CheckNames.Size];

    private static readonly Dictionary<BackupKind, BackupKindDescriptor> ByKind = All.ToDictionary(d => d.Kind);
    private static readonly Dictionary<string, BackupKindDescriptor> ByWord = All.ToDictionary(d => d.Word, StringComparer.Ordinal);

    /// <summary>The words of every kind, for messages and the <c>kind</c> label's allowed values.</summary>
    public static IReadOnlyList<string> Words { get; } = [.. All.Select(d => d.Word)];

    public static BackupKindDescriptor Describe(this BackupKind kind) =>
        ByKind.TryGetValue(kind, out var descriptor) ? descriptor
            : throw new InvalidOperationException($"backup kind {kind} has no descriptor in {nameof(BackupKinds)}.{nameof(All)}");

    /// <summary>The descriptor of a configuration word; null for a word that is not a kind.</summary>
    public static BackupKindDescriptor? Parse(string word) => ByWord.GetValueOrDefault(word);

    /// <summary>The word used for the kind in the configuration, the <c>kind</c> label and the status report.</summary>
    public static string Word(this BackupKind kind) => kind.Describe().Word;

    /// <summary>Kinds whose artifacts are rows of a history table on the set's server, not files.</summary>
    public static bool IsHistoryTable(this BackupKind kind) => kind.Describe().Shape == ArtifactShape.HistoryRow;

    /// <summary>Whether a check is one the kind's artifacts get: the others are never exported for its sets.</summary>
    public static bool Applies(this BackupKind kind, string check) => kind.Describe().Checks.Contains(check, StringComparer.Ordinal);

    /// <summary>The history table a history kind reads.</summary>
    public static string HistoryTable(this BackupKind kind) =>
        kind.Describe().HistoryTable ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a history-table kind");
}
