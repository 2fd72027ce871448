using BackupExporter.Configuration;
using System.IO.Enumeration;
using BackupExporter.Platform;

namespace BackupExporter.Inspection.Artifacts;

/// <summary>A file that matched a set's pattern, with what a stat told about it.</summary>
internal sealed record ListedFile(string Path, long SizeBytes, DateTimeOffset ModifiedTime, string? ListingProblem,
    bool IsDirectory = false);

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

        // Names are matched on the directory entry itself: only a matching file costs a path string and a stat. Sets
        // are re-listed every round, so with 1,000 sets of 30 dumps and their sidecars this is most of a round's work.
        var files = new List<ListedFile>();
        try
        {
            var matching = new FileSystemEnumerable<string>(directory, (ref entry) => entry.ToFullPath(), Enumeration)
            {
                ShouldIncludePredicate = (ref entry) => !entry.IsDirectory && pattern.IsMatch(entry.FileName) && !IsSidecar(entry.FileName),
            };
            foreach (var path in matching)
            {
                if (Stat(path) is { } listed)
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
    public static (IReadOnlyList<ListedFile> Entries, string? Problem) ListEntries(string directory, GlobPattern pattern,
        Func<string, bool> isFileArtifact)
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
                    entries.Add(new ListedFile(dir.FullName, 0, new DateTimeOffset(dir.LastWriteTimeUtc, TimeSpan.Zero),
                        null, IsDirectory: true));
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

    public static bool IsSidecar(ReadOnlySpan<char> fileName)
    {
        foreach (var manifest in ManifestNames)
        {
            if (fileName.SequenceEqual(manifest))
                return true;
        }
        foreach (var suffix in SidecarSuffixes)
        {
            if (fileName.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }

    /// <summary>
    /// One statx, following a symbolic link as FileInfo does. Where it finds nothing or fails (a file removed since the
    /// listing, a dangling link, a name that is not valid UTF-8, no statx at all), FileInfo decides, as it always did.
    /// </summary>
    private static ListedFile? Stat(string path)
    {
        var stat = LibC.Stat(path);
        if (!stat.Available || !stat.Exists)
            return Stat(new FileInfo(path));
        return stat.IsRegularFile
            ? new ListedFile(path, stat.Size, stat.ModifiedTime, null)
            : new ListedFile(path, 0, stat.ModifiedTime, NotRegular(path));
    }

    private static ListedFile? Stat(FileInfo info)
    {
        try
        {
            info.Refresh();
            var modified = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero);
            if (LibC.Stat(info.FullName) is { Available: true, Exists: true, IsRegularFile: false })
                return new ListedFile(info.FullName, 0, modified, NotRegular(info.FullName));
            return new ListedFile(info.FullName, info.Length, modified, null);
        }
        catch (FileNotFoundException) when (!info.Name.Contains('\uFFFD'))
        {
            return null; // removed since the directory was listed
        }
        catch (FileNotFoundException)
        {
            return new ListedFile(info.FullName, 0, DateTimeOffset.UnixEpoch, InvalidName(info.FullName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ListedFile(info.FullName, 0, DateTimeOffset.UnixEpoch, ReadProblem.Describe(info.FullName, e));
        }
    }

    // A FIFO would block the read forever and a socket cannot be read: say what it is, never open it.
    private static string NotRegular(string path) => $"{path} is not a regular file (a FIFO, a socket or a device): "
        + $"not a backup, and never opened";

    private static string InvalidName(string path) => $"cannot read {path}: the file name is not valid UTF-8 and "
        + $"cannot be opened; rename it";
}
