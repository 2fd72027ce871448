using BackupExporter.Platform;

namespace BackupExporter.Inspection.Logs;

/// <summary>
/// Finds a log's previous file under its rotated name (<c>backup.log.1</c>, <c>backup.log-20261124</c>) by device,
/// inode and fingerprint, so that lines written before a rotation that happened while the exporter was down are read.
/// </summary>
internal static class RotatedFiles
{
    private const int MaxCandidates = 100;
    private static readonly string[] Compressed = [".gz", ".xz", ".bz2", ".zst", ".lz4", ".Z"];

    /// <returns>the path of the rotated file, or null when it is not there (or inodes are not available)</returns>
    public static string? Find(string logPath, FileIdentity previous)
    {
        if (previous.Inode is null)
            return null;
        var directory = Path.GetDirectoryName(logPath);
        var name = Path.GetFileName(logPath);
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
            return null;
        try
        {
            var checkedCount = 0;
            foreach (var candidate in Directory.EnumerateFiles(directory, name + "*"))
            {
                var candidateName = Path.GetFileName(candidate);
                if (candidateName == name || Compressed.Any(s => candidateName.EndsWith(s, StringComparison.Ordinal)))
                    continue;
                if (++checkedCount > MaxCandidates)
                    break;
                if (previous.SameInode(LibC.Stat(candidate)) == true && StartsLike(candidate, previous))
                    return candidate;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }

    private static bool StartsLike(string path, FileIdentity identity)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return identity.StartsLike(FileIdentity.ReadHead(handle));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
