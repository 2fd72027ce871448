using BackupExporter.Configuration;
using BackupExporter.Inspection.Artifacts;
using BackupExporter.Inspection.History;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Logs;
using BackupExporter.Inspection.Offsite;
using BackupExporter.Inspection.Server;

namespace BackupExporter.Scheduling;

/// <summary>Turns configuration into inspections; the one place that knows which kind is inspected by which class.</summary>
internal static class InspectionFactory
{
    public static IReadOnlyList<IInspection> Create(ExporterConfig config, TimeProvider clock, Action<long> countBytesRead,
        LogOffsetStore logOffsets, Action<string> warn) =>
        config.Backups.Select(set => Create(set, config, clock, countBytesRead))
            .Concat(config.Servers.Select(server => Create(server, clock)))
            .Concat(config.Logs.Select(log => Create(log, config, logOffsets, clock, warn)))
            .Concat(config.Backups.Select(CreateRunStatus))
            .ToList();

    public static IInspection Create(LogConfig log, ExporterConfig config, LogOffsetStore logOffsets, TimeProvider clock, Action<string> warn) =>
        new LogInspection(log, logOffsets, config.Global.Timeout, clock, warn);

    public static IInspection CreateOffsite(BackupSetConfig set, OffsiteConfig remote, Func<BackupSetObservation?> localSet, TimeProvider clock,
        Action<long> countBytesRead) => new OffsiteInspection(set, remote, localSet, clock, countBytesRead);

    public static IInspection CreateRunStatus(BackupSetConfig set) => new RunStatusInspection(set);

    public static IInspection Create(ServerConfig server, TimeProvider clock) => new ServerInspector(server, clock);

    public static IInspection Create(BackupSetConfig set, ExporterConfig config, TimeProvider clock, Action<long> countBytesRead) => set.Kind switch
    {
        BackupKind.Mysqldump => new MysqldumpSetInspector(set, clock, countBytesRead),
        BackupKind.Xtrabackup or BackupKind.Mariabackup or BackupKind.Mydumper or BackupKind.Mysqlsh =>
            new DirectorySetInspector(set, clock, countBytesRead),
        BackupKind.Meb => new MebHistoryInspector(set, config.Servers.Single(s => s.Name == set.Server), clock),
        BackupKind.XtrabackupHistory => new XtrabackupHistoryInspector(set, config.Servers.Single(s => s.Name == set.Server), clock),
        _ => throw new NotSupportedException($"backup kind {set.Kind} has no inspection"),
    };
}
