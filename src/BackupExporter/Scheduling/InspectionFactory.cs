using BackupExporter.Configuration;
using BackupExporter.Inspection.Drills;
using BackupExporter.Inspection.BackupSets;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Logs;
using BackupExporter.Inspection.Offsite;
using BackupExporter.Inspection.Server;

namespace BackupExporter.Scheduling;

/// <summary>Turns configuration into inspections; a backup set's kind picks its reader in <see cref="BackupSetInspections"/>.</summary>
internal static class InspectionFactory
{
    public static IReadOnlyList<IInspection> Create(ExporterConfig config, TimeProvider clock, Action<long> countBytesRead,
        LogOffsetStore logOffsets, Action<string> warn) =>
        config.Backups.Select(set => Create(set, config, clock, countBytesRead))
            .Concat(config.Servers.Select(server => Create(server, clock)))
            .Concat(config.Logs.Select(log => Create(log, config, logOffsets, clock, warn)))
            .Concat(config.Backups.Select(CreateRunStatus))
            .Concat(config.Backups.Where(HasDrills).Select(set => CreateDrill(set, DrillHistoryStore.DefaultDirectory())))
            .ToList();

    /// <summary>Sets of a kind whose artifacts a drill can restore: the history-table kinds have none.</summary>
    public static bool HasDrills(BackupSetConfig set) => !set.Kind.IsHistoryTable();

    public static IInspection CreateDrill(BackupSetConfig set, string directory) => new DrillHistoryInspection(set, directory);

    public static IInspection Create(LogConfig log, ExporterConfig config, LogOffsetStore logOffsets,
        TimeProvider clock, Action<string> warn) =>
        new LogInspection(log, logOffsets, config.Global.Timeout, clock, warn);

    public static IInspection CreateOffsite(BackupSetConfig set, OffsiteConfig remote,
        Func<BackupSetObservation?> localSet, TimeProvider clock,
        Action<long> countBytesRead) => new OffsiteInspection(set, remote, localSet, clock, countBytesRead);

    public static IInspection CreateRunStatus(BackupSetConfig set) => new RunStatusInspection(set);

    public static IInspection Create(ServerConfig server, TimeProvider clock) => new ServerInspector(server, clock);

    public static IInspection Create(BackupSetConfig set, ExporterConfig config, TimeProvider clock, Action<long> countBytesRead) =>
        BackupSetInspections.Create(set, config.Servers.SingleOrDefault(s => s.Name == set.Server), clock, countBytesRead);
}
