using BackupExporter.Configuration;
using BackupExporter.Inspection.Artifacts.Logical;
using BackupExporter.Inspection.Artifacts.Physical;
using BackupExporter.Inspection.History;

namespace BackupExporter.Inspection.BackupSets;

/// <summary>
/// The one place an artifact format meets its reader. The switch has no fallback: a format added to
/// <see cref="ArtifactFormat"/> without a reader here fails the build (CS8509).
/// </summary>
internal static class BackupSetInspections
{
    /// <param name="server">the set's server; required by the history-table formats (the configuration checks it)</param>
    public static IInspection Create(BackupSetConfig set, ServerConfig? server, TimeProvider clock, Action<long> countBytesRead) =>
        set.Kind.Describe().Format switch
        {
            ArtifactFormat.MysqldumpFile => new MysqldumpSetInspector(set, clock, countBytesRead),
            ArtifactFormat.XtrabackupDirectory => new DirectorySetInspector(set, new PhysicalDirectoryReader(), clock, countBytesRead),
            ArtifactFormat.MydumperDirectory => new DirectorySetInspector(set, new MydumperReader(), clock, countBytesRead),
            ArtifactFormat.MysqlshDirectory => new DirectorySetInspector(set, new MysqlshDumpReader(), clock, countBytesRead),
            ArtifactFormat.MebHistoryRow => new MebHistoryInspector(set, Required(set, server), clock),
            ArtifactFormat.XtrabackupHistoryRow => new XtrabackupHistoryInspector(set, Required(set, server), clock),
        };

    private static ServerConfig Required(BackupSetConfig set, ServerConfig? server) =>
        server ?? throw new InvalidOperationException($"backup set {set.Name} of kind {set.Kind.Word()} has no server");
}
