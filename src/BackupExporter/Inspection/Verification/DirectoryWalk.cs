using System.IO.Enumeration;
using BackupExporter.Platform;

namespace BackupExporter.Inspection.Verification;

/// <summary>One regular file inside a directory artifact, by its path relative to the artifact.</summary>
internal readonly record struct WalkedFile(string RelativePath, long SizeBytes, long ModifiedTicks);

/// <summary>
/// A stat-only walk of a directory artifact: how many files, how many bytes, the newest change. Count, bytes and
/// newest mtime are what an unchanged directory is recognised by (any file added, removed, grown or rewritten changes
/// them), so a re-inspection reads no file. Links to directories are not followed (no backup tool writes them, and
/// three <c>ln -s .</c> would make the walk endless); one that leads back into the walk is named as a loop. The walk
/// stops at the inspection's timeout and after <see cref="MaxFiles"/> files, so its time and memory are bounded.
/// </summary>
internal sealed record DirectoryWalk(IReadOnlyList<WalkedFile> Files, long TotalBytes, DateTimeOffset NewestChange, string? Problem)
{
    /// <summary>Far more files than any backup directory holds (one per table and partition), and about 100 MB of list.</summary>
    public const int MaxFiles = 500_000;

    private static readonly EnumerationOptions Options = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = false,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
    };

    public bool Contains(string relativePath) => Files.Any(f => f.RelativePath == relativePath);

    public static DirectoryWalk Walk(string directory, CancellationToken cancellationToken = default)
    {
        var root = Path.TrimEndingDirectorySeparator(directory) + Path.DirectorySeparatorChar;
        var files = new List<WalkedFile>();
        var directoryLinks = new List<string>();
        long bytes = 0, newest = Directory.GetLastWriteTimeUtc(directory).Ticks;
        string? problem = null;
        try
        {
            // FileSystemEnumerable hands over the entry's size and mtime from the one stat the walk does anyway.
            var entries = new FileSystemEnumerable<WalkedFile>(directory,
                (ref FileSystemEntry entry) => new WalkedFile(
                    entry.ToFullPath()[root.Length..], entry.Length, entry.LastWriteTimeUtc.UtcTicks),
                Options)
            {
                ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory,
                ShouldRecursePredicate = (ref FileSystemEntry entry) =>
                {
                    if ((entry.Attributes & FileAttributes.ReparsePoint) == 0)
                        return true;
                    directoryLinks.Add(entry.ToFullPath());
                    return false;
                },
            };
            foreach (var file in entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (files.Count == MaxFiles)
                {
                    problem = $"{directory}: more than {MaxFiles:N0} files; the walk stopped there (not a backup directory?)";
                    break;
                }
                files.Add(file);
                bytes += file.SizeBytes;
                newest = Math.Max(newest, file.ModifiedTicks);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new DirectoryWalk(files, bytes, new DateTimeOffset(newest, TimeSpan.Zero), ReadProblem.Describe(directory, e));
        }
        problem ??= LoopOf(root, directoryLinks);
        return new DirectoryWalk(files, bytes, new DateTimeOffset(newest, TimeSpan.Zero), problem);
    }

    /// <summary>
    /// The first link that leads to a directory holding it (the link's own directory, the artifact, or any one above,
    /// up to <c>/</c>), told by device and inode: a loop, said with the link and where it points.
    /// </summary>
    private static string? LoopOf(string root, List<string> links)
    {
        foreach (var link in links)
        {
            var target = LibC.Stat(link); // follows the link
            var loops = target.Errno == 40; // ELOOP: links that point at each other
            for (var above = Path.GetDirectoryName(link); !loops && target is { Exists: true, Available: true } && above is not null;
                 above = Path.GetDirectoryName(above))
            {
                var stat = LibC.Stat(above);
                loops = stat.Exists && stat.Device == target.Device && stat.Inode == target.Inode;
            }
            if (loops)
                return $"symbolic link loop: {link[root.Length..]} -> {new FileInfo(link).LinkTarget} " +
                    "leads back to a directory that holds it; " +
                    "links to directories are not followed";
        }
        return null;
    }
}
