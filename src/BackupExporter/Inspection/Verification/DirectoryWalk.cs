using System.IO.Enumeration;
using BackupExporter.Platform;

namespace BackupExporter.Inspection.Verification;

/// <summary>One regular file inside a directory artifact, by its path relative to the artifact.</summary>
internal readonly record struct WalkedFile(string RelativePath, long SizeBytes, long ModifiedTicks);

/// <summary>
/// A stat-only walk of a directory artifact: how many files, how many bytes, the newest change. Count, bytes and
/// newest mtime are what an unchanged directory is recognised by (any file added, removed, grown or rewritten changes
/// them), so a re-inspection reads no file.
/// </summary>
internal sealed record DirectoryWalk(IReadOnlyList<WalkedFile> Files, long TotalBytes, DateTimeOffset NewestChange, string? Problem)
{
    private static readonly EnumerationOptions Options = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = false,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
    };

    public bool Contains(string relativePath) => Files.Any(f => f.RelativePath == relativePath);

    public static DirectoryWalk Walk(string directory)
    {
        var root = Path.TrimEndingDirectorySeparator(directory) + Path.DirectorySeparatorChar;
        var files = new List<WalkedFile>();
        long bytes = 0, newest = Directory.GetLastWriteTimeUtc(directory).Ticks;
        try
        {
            // FileSystemEnumerable hands over the entry's size and mtime from the one stat the walk does anyway.
            var entries = new FileSystemEnumerable<WalkedFile>(directory,
                (ref FileSystemEntry entry) => new WalkedFile(
                    entry.ToFullPath()[root.Length..], entry.Length, entry.LastWriteTimeUtc.UtcTicks),
                Options)
            {
                ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory,
            };
            foreach (var file in entries)
            {
                files.Add(file);
                bytes += file.SizeBytes;
                newest = Math.Max(newest, file.ModifiedTicks);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new DirectoryWalk(files, bytes, new DateTimeOffset(newest, TimeSpan.Zero), ReadProblem.Describe(directory, e));
        }
        return new DirectoryWalk(files, bytes, new DateTimeOffset(newest, TimeSpan.Zero), null);
    }
}
