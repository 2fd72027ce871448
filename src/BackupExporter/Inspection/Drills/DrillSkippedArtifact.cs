namespace BackupExporter.Inspection.Drills;

/// <summary>An artifact newer than the one a drill restored, which it did not restore: its path and why not.</summary>
internal sealed record DrillSkippedArtifact(string Path, string Reason);
