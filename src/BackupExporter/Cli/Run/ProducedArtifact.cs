using System.Security.Cryptography;
using System.Text;
using BackupExporter.Configuration;
using BackupExporter.Inspection.Artifacts;
using BackupExporter.Platform;
using BackupExporter.Runs;

namespace BackupExporter.Cli.Run;

internal sealed record ArtifactInfo(string Path, long SizeBytes, DateTimeOffset ModifiedAt, bool IsDirectory);

/// <summary>
/// The artifact a run produced: the newest entry matching the set's path and pattern (a dump file, or a physical
/// backup's directory) modified since the run started. And its <c>.sha256</c> sidecar, in sha256sum's format.
/// </summary>
internal static class ProducedArtifact
{
    // File modification times may be coarser than the clock, and the clock may have been read just after the first write.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);
    private const int MaxDirectoryEntries = 200_000;

    /// <returns>the artifact, or null with why there is none</returns>
    public static (ArtifactInfo? Artifact, string? Problem) Find(BackupSetConfig set, DateTimeOffset since)
    {
        if (set.Kind.IsHistoryTable())
            return (null, null); // its artifacts are rows on the server, not files (and its path may be empty)
        try
        {
            var directory = new DirectoryInfo(set.Path);
            if (!directory.Exists)
                return (null, $"no artifact: directory {set.Path} does not exist");
            var newest = directory.EnumerateFileSystemInfos()
                .Where(e => set.Pattern.IsMatch(e.Name) && !ArtifactListing.IsSidecar(e.Name))
                .Where(e => e is FileInfo || e is DirectoryInfo)
                .OrderByDescending(e => e.LastWriteTimeUtc)
                .FirstOrDefault();
            var modified = newest is null ? default : new DateTimeOffset(newest.LastWriteTimeUtc, TimeSpan.Zero);
            if (newest is null || modified < since - Slack)
                return (null, $"no artifact matching {set.Pattern} in {set.Path} was written during the run");
            var size = newest is FileInfo file ? file.Length : DirectorySize((DirectoryInfo)newest);
            return (new ArtifactInfo(newest.FullName, size, modified, newest is DirectoryInfo), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot look for the artifact in {set.Path}: {e.Message}");
        }
    }

    private static long DirectorySize(DirectoryInfo directory) =>
        directory.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
            .Take(MaxDirectoryEntries).Sum(f => f.Length);

    /// <summary>Writes <c>&lt;artifact&gt;.sha256</c> as <c>sha256sum</c> does (<c>HASH  name</c>), atomically.</summary>
    public static (ChecksumInfo? Checksum, string? Problem) WriteSha256(ArtifactInfo artifact)
    {
        if (artifact.IsDirectory)
            return (null, $"no checksum: {artifact.Path} is a directory");
        string digest;
        try
        {
            using var stream = new FileStream(artifact.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
                1024 * 1024, FileOptions.SequentialScan);
            digest = Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot hash {artifact.Path}: {e.Message}");
        }
        var sidecar = artifact.Path + ".sha256";
        var problem = AtomicFile.Write(sidecar, Encoding.UTF8.GetBytes($"{digest}  {Path.GetFileName(artifact.Path)}\n"));
        return problem is null ? (new ChecksumInfo("sha256", digest, sidecar), null) : (null, problem);
    }
}
