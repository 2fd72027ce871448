namespace BackupExporter.Inspection;

/// <summary>
/// The one place inspection names are made: the inspections name themselves with these, and the snapshot, the
/// metrics and the reload find their results by the same names.
/// </summary>
internal static class InspectionNames
{
    public static string Backup(string backupName) => "backup:" + backupName;

    public static string Server(string serverName) => "server:" + serverName;

    public static string Log(string logPath) => "log:" + logPath;

    /// <summary>The run wrapper's status file of a backup set.</summary>
    public static string Run(string backupName) => "run:" + backupName;

    /// <summary>The restore drill history of a backup set.</summary>
    public static string Drill(string backupName) => "drill:" + backupName;

    /// <summary>The off-site check of one remote of a backup set.</summary>
    public static string Offsite(string backupName, string remoteName) => "offsite:" + backupName + ":" + remoteName;
}
