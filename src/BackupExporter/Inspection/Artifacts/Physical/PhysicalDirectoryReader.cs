using BackupExporter.Inspection.Verification;

namespace BackupExporter.Inspection.Artifacts.Physical;

/// <summary><c>kind: xtrabackup</c> / <c>kind: mariabackup</c> backup directories.</summary>
internal sealed class PhysicalDirectoryReader : IDirectoryArtifactReader
{
    public DirectoryVerdict Read(string directory, DirectoryWalk walk, TimeZoneInfo zone)
    {
        var metadata = PhysicalBackupJudge.ReadDirectory(directory, walk);
        var complete = PhysicalBackupJudge.Complete(metadata, directory);
        return new DirectoryVerdict(complete, PhysicalBackupJudge.Facts(metadata, zone, complete.Ok));
    }
}
