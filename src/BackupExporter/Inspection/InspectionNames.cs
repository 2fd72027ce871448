namespace BackupExporter.Inspection;

/// <summary>
/// The one place inspection names are made: the inspections name themselves with these, and the snapshot, the
/// metrics and the reload find their results by the same names.
/// </summary>
internal static class InspectionNames
{
    private const string BackupPrefix = "backup:";
    private const string RunPrefix = "run:";
    private const string DrillPrefix = "drill:";

    public static string Backup(string backupName) => BackupPrefix + backupName;

    public static string Server(string serverName) => "server:" + serverName;

    public static string Log(string logPath) => "log:" + logPath;

    /// <summary>The binlog archive of a server: the directory a <c>mysqlbinlog --stop-never</c> archiver fills.</summary>
    public static string BinlogArchive(string serverName) => "binlog-archive:" + serverName;

    /// <summary>The run wrapper's status file of a backup set.</summary>
    public static string Run(string backupName) => RunPrefix + backupName;

    /// <summary>The restore drill history of a backup set.</summary>
    public static string Drill(string backupName) => DrillPrefix + backupName;

    /// <summary>
    /// The backup set an inspection belongs to alone: its directory, its run status or its drill history; null for
    /// any other (a server or a log may concern many sets, an off-site check also has series of its own).
    /// </summary>
    public static string? SetOnlyOf(string inspection) =>
        inspection.StartsWith(BackupPrefix, StringComparison.Ordinal) ? inspection[BackupPrefix.Length..]
        : inspection.StartsWith(RunPrefix, StringComparison.Ordinal) ? inspection[RunPrefix.Length..]
        : inspection.StartsWith(DrillPrefix, StringComparison.Ordinal) ? inspection[DrillPrefix.Length..]
        : null;

    /// <summary>The rotating re-verification of a backup set's retained artifacts.</summary>
    public static string Reverify(string backupName) => "reverify:" + backupName;

    /// <summary>The off-site check of one remote of a backup set.</summary>
    public static string Offsite(string backupName, string remoteName) => "offsite:" + backupName + ":" + remoteName;
}
