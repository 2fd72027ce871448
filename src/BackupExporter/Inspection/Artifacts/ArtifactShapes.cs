using BackupExporter.Configuration;
using BackupExporter.Inspection.Artifacts.Logical;
using BackupExporter.Inspection.Artifacts.Physical;

namespace BackupExporter.Inspection.Artifacts;

/// <summary>
/// The one place a kind chooses its artifact shape: the hook a per-kind descriptor fills. A kind without artifacts
/// in a directory (the history tables) has none, and says so instead of falling back to another kind's reader.
/// </summary>
internal static class ArtifactShapes
{
    public static IArtifactShape For(BackupSetConfig set, Action<long> countBytesRead) => set.Kind switch
    {
        BackupKind.Mysqldump => new DumpFileShape(set),
        BackupKind.Xtrabackup or BackupKind.Mariabackup => new DirectoryShape(set, new PhysicalDirectoryReader(), physical: true, countBytesRead),
        BackupKind.Mydumper => new DirectoryShape(set, new MydumperReader(), physical: false, countBytesRead),
        BackupKind.Mysqlsh => new DirectoryShape(set, new MysqlshDumpReader(), physical: false, countBytesRead),
        _ => throw new NotSupportedException($"backup kind {set.Kind.Word()} keeps no artifacts in a directory"),
    };
}
