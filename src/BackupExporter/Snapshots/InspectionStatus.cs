namespace BackupExporter.Snapshots;

/// <summary>How the newest run of one inspection went. A failed run keeps the previous observation in the snapshot.</summary>
internal sealed record InspectionStatus(
    string Name,
    bool Success,
    string? Error,
    DateTimeOffset LastRun,
    DateTimeOffset? LastSuccess,
    TimeSpan LastDuration);
