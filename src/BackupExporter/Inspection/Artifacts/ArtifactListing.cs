using BackupExporter.Configuration;
using BackupExporter.Platform;

namespace BackupExporter.Inspection.Artifacts;

/// <summary>A file that matched a set's pattern, with what a stat told about it.</summary>
internal sealed record ListedFile(string Path, long SizeBytes, DateTimeOffset ModifiedTime, string? ListingProblem, bool IsDirectory = false);

/// <summary>Lists the candidate artifacts of a backup set: stat only, no file is opened.</summary>
internal static class ArtifactListing
{
    private static readonly string[] SidecarSuffixes = [".sha256", ".md5", ".sha256sum", ".md5sum"];
    private static readonly string[] ManifestNames = ["SHA256SUMS", "MD5SUMS"];

    private static readonly EnumerationOptions Enumeration = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
    };

    /// <returns>the files, oldest first, or a problem with the directory itself</returns>
    public static (IReadOnlyList<ListedFile> Files, string? Problem) List(string directory, GlobPattern pattern)
    {
        if (!Directory.Exists(directory))
        {
            return ([], File.Exists(directory)
                ? $"{directory} is a file, not a directory"
                : $"directory {directory} does not exist");
        }

        var files = new List<ListedFile>();
        try
        {
            foreach (var info in new DirectoryInfo(directory).EnumerateFiles("*", Enumeration))
            {
                if (!pattern.IsMatch(info.Name) || IsSidecar(info.Name))
                    continue;
                var listed = Stat(info);
                if (listed is not null)
                    files.Add(listed);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ([], $"cannot list directory {directory}: {ReadProblem.Reason(e)}");
        }

        files.Sort((a, b) => a.ModifiedTime != b.ModifiedTime
            ? a.ModifiedTime.CompareTo(b.ModifiedTime)
            : string.CompareOrdinal(a.Path, b.Path));
        return (files, null);
    }

    /// <summary>
    /// The entries of a directory-kind set: every directory matching the pattern, and the files for which
    /// <paramref name="isFileArtifact"/> holds (XtraBackup's .xbstream files); sizes of directories are filled in later.
    /// </summary>
    public static (IReadOnlyList<ListedFile> Entries, string? Problem) ListEntries(string directory, GlobPattern pattern, Func<string, bool> isFileArtifact)
    {
        if (!Directory.Exists(directory))
            return ([], File.Exists(directory) ? $"{directory} is a file, not a directory" : $"directory {directory} does not exist");
        var entries = new List<ListedFile>();
        try
        {
            foreach (var info in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", Enumeration))
            {
                if (!pattern.IsMatch(info.Name))
                    continue;
                if (info is DirectoryInfo dir)
                    entries.Add(new ListedFile(dir.FullName, 0, new DateTimeOffset(dir.LastWriteTimeUtc, TimeSpan.Zero), null, IsDirectory: true));
                else if (info is FileInfo file && isFileArtifact(file.Name) && !IsSidecar(file.Name) && Stat(file) is { } listed)
                    entries.Add(listed);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ([], $"cannot list directory {directory}: {ReadProblem.Reason(e)}");
        }
        return (entries, null);
    }

    public static bool IsSidecar(string fileName) =>
        ManifestNames.Contains(fileName) || SidecarSuffixes.Any(s => fileName.EndsWith(s, StringComparison.OrdinalIgnoreCase));

    private static ListedFile? Stat(FileInfo info)
    {
        try
        {
            info.Refresh();
            var modified = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero);
            // A FIFO would block the read forever and a socket cannot be read: say what it is, never open it.
            if (LibC.Stat(info.FullName) is { Available: true, Exists: true, IsRegularFile: false })
                return new ListedFile(info.FullName, 0, modified,
                    $"{info.FullName} is not a regular file (a FIFO, a socket or a device): not a backup, and never opened");
            return new ListedFile(info.FullName, info.Length, modified, null);
        }
        catch (FileNotFoundException) when (!info.Name.Contains('\uFFFD'))
        {
            return null; // removed since the directory was listed
        }
        catch (FileNotFoundException)
        {
            return new ListedFile(info.FullName, 0, DateTimeOffset.UnixEpoch,
                $"cannot read {info.FullName}: the file name is not valid UTF-8 and cannot be opened; rename it");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ListedFile(info.FullName, 0, DateTimeOffset.UnixEpoch, ReadProblem.Describe(info.FullName, e));
        }
    }
}
