using BackupExporter.Configuration;

namespace BackupExporter.Inspection.Drills.Physical;

internal sealed record PhysicalRestoreRequest(BackupSetConfig Set, string NewestArtifactPath, string WorkDirectory, string DataDirectory);

internal sealed record PhysicalRestoreResult(TimeSpan Fetch, TimeSpan Restore, long RestoredBytes);

/// <summary>
/// Placeholder with the shape the physical restore keeps: the xtrabackup/mariabackup prepare chain replaces this file.
/// </summary>
internal static class PhysicalRestore
{
    // Copies/extracts the chain ending at NewestArtifactPath into WorkDirectory, prepares it, and leaves a datadir
    // ready for mariadbd at DataDirectory. Throws DrillFailedException(phase, message) on failure.
    public static Task<PhysicalRestoreResult> PrepareAsync(PhysicalRestoreRequest request, CancellationToken cancellationToken) =>
        throw new DrillFailedException(DrillPhases.Restore, $"restoring {request.Set.Kind.Word()} backups is not available in this build");
}
