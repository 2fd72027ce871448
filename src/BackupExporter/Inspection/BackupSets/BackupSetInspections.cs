using BackupExporter.Configuration;
using BackupExporter.Inspection.Artifacts.Logical;
using BackupExporter.Inspection.Artifacts.Physical;
using BackupExporter.Inspection.History;

namespace BackupExporter.Inspection.BackupSets;

/// <summary>
/// The one place an artifact format meets its reader. The switch has no fallback: a format added to
/// <see cref="ArtifactFormat"/> without a reader here fails the build (CS8509). Files and directories share one
/// skeleton (<see cref="ArtifactSetInspector"/>) with the format's shape; history rows have inspectors of their own.
/// </summary>
internal static class BackupSetInspections
{
    /// <param name="server">the set's server; required by the history-table formats (the configuration checks it)</param>
    public static IInspection Create(BackupSetConfig set, ServerConfig? server, TimeProvider clock, Action<long> countBytesRead) =>
        set.Kind.Describe().Format switch
        {
            ArtifactFormat.MysqldumpFile => Skeleton(set, new DumpFileShape(set), clock, countBytesRead),
            ArtifactFormat.XtrabackupDirectory => Skeleton(set, new DirectoryShape(set, new PhysicalDirectoryReader(), physical: true,
                countBytesRead), clock, countBytesRead),
            ArtifactFormat.MydumperDirectory => Skeleton(set, new DirectoryShape(set, new MydumperReader(), physical: false,
                countBytesRead), clock, countBytesRead),
            ArtifactFormat.MysqlshDirectory => Skeleton(set, new DirectoryShape(set, new MysqlshDumpReader(), physical: false,
                countBytesRead), clock, countBytesRead),
            ArtifactFormat.MebHistoryRow => new MebHistoryInspector(set, Required(set, server), clock),
            ArtifactFormat.XtrabackupHistoryRow => new XtrabackupHistoryInspector(set, Required(set, server), clock),
        };

    private static ArtifactSetInspector Skeleton(BackupSetConfig set, IArtifactShape shape, TimeProvider clock,
        Action<long> countBytesRead) =>
        new(set, shape, clock, countBytesRead);

    private static ServerConfig Required(BackupSetConfig set, ServerConfig? server) =>
        server ?? throw new InvalidOperationException($"backup set {set.Name} of kind {set.Kind.Word()} has no server");
}
