namespace BackupExporter.Inspection.Reverification;

/// <summary>
/// Evidence that a retained artifact changed after it was made: one of its files read whole gave another digest than
/// at its first full read. <see cref="File"/> is the artifact itself, or the file of its backup directory that changed.
/// </summary>
internal sealed record ChangedArtifact(string Artifact, string File, string Algorithm, string FirstDigest, DateTimeOffset FirstRead,
    string NewDigest, DateTimeOffset ChangedAt)
{
    /// <summary>The failure the artifact gets: both digests, and the time of each read.</summary>
    public string Describe()
    {
        var which = File == Artifact ? "" : $" ({System.IO.Path.GetRelativePath(Artifact, File)})";
        return $"changed after it was made{which}: read whole on {FirstRead.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC with {Algorithm} "
            + $"{FirstDigest}, read again on {ChangedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC with {Algorithm} {NewDigest}";
    }
}
