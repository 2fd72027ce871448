namespace BackupExporter.Inspection.Artifacts;

/// <summary>
/// Where an artifact's time comes from: the tool's own record of its finish, or the file time where the tool records
/// nothing usable (a footer-less dump, a record rejected by <see cref="RecordedDates"/>). The <c>source</c> label of
/// <c>mysql_backup_time_source_info</c> and the <c>time_source</c> of the status report.
/// </summary>
internal static class TimeSources
{
    public const string Recorded = "recorded";
    public const string File = "file";

    public static readonly IReadOnlyList<string> All = [Recorded, File];

    public static string Of(ArtifactObservation artifact) => artifact.RecordedTime is null ? File : Recorded;
}
