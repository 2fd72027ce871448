namespace BackupExporter.Reporting.Retention;

/// <summary>
/// A good artifact removed too early: inside the retention window, or (for a set without a promise) while an older one
/// is still retained. <see cref="LastSeen"/> is the last inspection that saw it, <see cref="GoneAt"/> the first that
/// did not; <see cref="RemovedBy"/> the job log's line that names it, where there is one.
/// </summary>
/// <remarks>The properties' order is the order of the keys in JSON.</remarks>
internal sealed record RemovedArtifactReport(string Name, long SizeBytes, DateTimeOffset Time, DateTimeOffset LastSeen,
    DateTimeOffset GoneAt, string? RemovedBy);
