namespace BackupExporter.Inspection.Offsite;

/// <summary>
/// One local file that belongs to an artifact, with its path relative to the set's directory ('/' separated, as rclone lists).
/// </summary>
internal sealed record LocalFile(string FullPath, string RelativePath, long Size, DateTime Modified);

/// <summary>
/// The files of a local artifact as they should appear on a remote that mirrors the set's directory
/// (<c>rclone copy /backups/shop remote:shop</c>): a dump file is one file; a directory artifact is every file in it.
/// </summary>
internal static class LocalArtifactFiles
{
    public static IReadOnlyList<LocalFile> Of(string setPath, ArtifactObservation artifact)
    {
        var path = artifact.Path;
        if (File.Exists(path))
            return [Describe(setPath, new FileInfo(path))];
        if (!Directory.Exists(path))
            return [];
        // Links are skipped, not followed, as the artifact's own walk does: a link loop would make the listing endless.
        return new DirectoryInfo(path)
            .EnumerateFiles("*", new EnumerationOptions
            {
                RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint,
            })
            .Select(f => Describe(setPath, f))
            .OrderBy(f => f.RelativePath, StringComparer.Ordinal)
            .ToList();
    }

    private static LocalFile Describe(string setPath, FileInfo file) =>
        new(file.FullName, Path.GetRelativePath(setPath, file.FullName).Replace(Path.DirectorySeparatorChar, '/'),
            file.Length, file.LastWriteTimeUtc);
}
