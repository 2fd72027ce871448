namespace BackupExporter.Inspection.Drills;

/// <summary>Where drill histories are kept: the state directory's <c>drills/</c>, unless the environment names another.</summary>
internal static class DrillHistoryLocation
{
    /// <summary>Set by the exporter for its drill children (and by tests) to keep them on one history.</summary>
    public const string Variable = "BACKUP_EXPORTER_DRILL_HISTORY";

    public static string Directory() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } d ? d : DrillHistoryStore.DefaultDirectory();
}
