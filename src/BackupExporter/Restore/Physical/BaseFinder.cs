using BackupExporter.Inspection.Verification;
using BackupExporter.Configuration;
using BackupExporter.Inspection.Artifacts;
using BackupExporter.Inspection.Artifacts.Physical;
using BackupExporter.Inspection.Drills;

namespace BackupExporter.Restore.Physical;

/// <summary>
/// Finds the backup an incremental was taken on top of: the one in the set whose <c>to_lsn</c> is the incremental's
/// <c>from_lsn</c> (the rule of <see cref="IncrementalChain"/>). Directories are judged by their metadata files;
/// .xbstream files by reading their stream, newest first, stopping at the first that fits.
/// </summary>
internal static class BaseFinder
{
    /// <returns>the base's path, or null when no backup of the set ends at <paramref name="fromLsn"/> (a gap)</returns>
    public static string? Find(BackupSetConfig set, long fromLsn, IReadOnlySet<string> inChain, CancellationToken cancellationToken)
    {
        var (entries, problem) = ArtifactListing.ListEntries(set.Path, set.Pattern, XbstreamVerifier.IsXbstreamName);
        if (problem is not null)
            throw new DrillFailedException(DrillPhases.Fetch, $"cannot look for the base of an incremental: {problem}");
        foreach (var entry in entries.OrderByDescending(e => e.ModifiedTime).ThenByDescending(e => e.Path, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (inChain.Contains(entry.Path))
                continue;
            var (type, toLsn) = Lsns(entry, set.TimeZone, cancellationToken);
            // A full-prepared base has had its redo applied for good: no incremental can be applied to it.
            if (toLsn == fromLsn && type != "full-prepared")
                return entry.Path;
        }
        return null;
    }

    private static (string? Type, long? ToLsn) Lsns(ListedFile entry, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        try
        {
            if (entry.IsDirectory)
            {
                var metadata = PhysicalBackupJudge.ReadDirectory(entry.Path, DirectoryWalk.Walk(entry.Path, cancellationToken));
                return (metadata.BackupType, metadata.ToLsn);
            }
            var facts = XbstreamVerifier.Verify(entry.Path, ChecksumMode.None, zone, cancellationToken).Facts;
            return (facts.BackupType, facts.ToLsn);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, null); // unreadable: not a base this drill can use; the set's own inspection reports it
        }
    }
}
