namespace BackupExporter.Inspection.Reverification;

/// <summary>
/// One file of a retained artifact as the set's listing shows it now: the dump itself, or one file of a backup
/// directory; with the digest of the set's own verification read where it made one.
/// </summary>
internal readonly record struct RetainedFile(string Path, string Artifact, long Size, ArtifactDigest? Digest, DateTimeOffset? RecordedTime);
