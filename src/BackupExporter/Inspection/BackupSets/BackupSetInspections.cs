using BackupExporter.Configuration;
using BackupExporter.Inspection.Artifacts.Logical;
using BackupExporter.Inspection.Artifacts.Physical;
using BackupExporter.Inspection.History;
using BackupExporter.Inspection.Retention;

namespace BackupExporter.Inspection.BackupSets;

/// <summary>
/// The one place an artifact format meets its reader. The switch has no fallback: a format added to
/// <see cref="ArtifactFormat"/> without a reader here fails the build (CS8509). Files and directories share one
/// skeleton (<see cref="ArtifactSetInspector"/>) with the format's shape; history rows have inspectors of their own.
/// </summary>
internal static class BackupSetInspections
{
    /// <param name="server">the set's server; required by the history-table formats (the configuration checks it)</param>
    /// <param name="seen">where the artifacts seen are remembered across restarts, to notice removals; null: not remembered</param>
    public static IInspection Create(BackupSetConfig set, ServerConfig? server, TimeProvider clock, Action<long> countBytesRead,
        ISeenArtifactMemory? seen = null, Action<string>? warn = null) =>
        set.Kind.Describe().Format switch
        {
            ArtifactFormat.MysqldumpFile => Skeleton(set, new DumpFileShape(set), clock, countBytesRead, seen, warn),
            ArtifactFormat.XtrabackupDirectory => Skeleton(set, new DirectoryShape(set, new PhysicalDirectoryReader(), physical: true,
                countBytesRead), clock, countBytesRead, seen, warn),
            ArtifactFormat.MydumperDirectory => Skeleton(set, new DirectoryShape(set, new MydumperReader(), physical: false,
                countBytesRead), clock, countBytesRead, seen, warn),
            ArtifactFormat.MysqlshDirectory => Skeleton(set, new DirectoryShape(set, new MysqlshDumpReader(), physical: false,
                countBytesRead), clock, countBytesRead, seen, warn),
            ArtifactFormat.MebHistoryRow => new MebHistoryInspector(set, Required(set, server), clock),
            ArtifactFormat.XtrabackupHistoryRow => new XtrabackupHistoryInspector(set, Required(set, server), clock),
        };

    private static ArtifactSetInspector Skeleton(BackupSetConfig set, IArtifactShape shape, TimeProvider clock,
        Action<long> countBytesRead, ISeenArtifactMemory? seen, Action<string>? warn) =>
        new(set, shape, clock, countBytesRead, seen is null ? null
            : new DisappearanceTracker(set.Name, set.Path, seen, set.Retention?.Window, warn ?? (_ => { })));

    private static ServerConfig Required(BackupSetConfig set, ServerConfig? server) =>
        server ?? throw new InvalidOperationException($"backup set {set.Name} of kind {set.Kind.Word()} has no server");
}
