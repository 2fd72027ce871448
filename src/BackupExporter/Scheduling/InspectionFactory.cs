using BackupExporter.Configuration;
using BackupExporter.Inspection.Drills;
using BackupExporter.Inspection.BackupSets;
using BackupExporter.Inspection.BinlogArchives;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Logs;
using BackupExporter.Inspection.Offsite;
using BackupExporter.Inspection.Reverification;
using BackupExporter.Inspection.Server;
using BackupExporter.Platform;

namespace BackupExporter.Scheduling;

/// <summary>
/// The one place that knows which inspections a configuration has: <c>serve</c>, <c>verify</c> and <c>drill</c> all
/// take them from <see cref="For"/>, so none of them can miss one. A backup set's kind picks its reader in
/// <see cref="BackupSetInspections"/>.
/// </summary>
internal static class InspectionFactory
{
    /// <summary>
    /// Every inspection of <paramref name="config"/>: sets, servers, binlog archives, logs, run statuses, drill histories,
    /// off-site remotes.
    /// </summary>
    public static IReadOnlyList<PlannedInspection> For(ExporterConfig config, InspectionServices services)
    {
        var (clock, countBytesRead) = (services.Clock, services.CountBytesRead);
        var plan = new List<PlannedInspection>();
        foreach (var set in config.Backups)
        {
            // A set read from a server's table depends on that server's settings too.
            // Its off-site remotes have inspections of their own: changing them must not re-verify the artifacts.
            var server = config.Servers.FirstOrDefault(s => s.Name == set.Server);
            object settings = set.Server is null ? Local(set) : (Local(set), server);
            plan.Add(new(InspectionNames.Backup(set.Name), [set.Name], settings,
                () => BackupSetInspections.Create(set, server, clock, countBytesRead, services.Seen, services.Warn)));
        }
        foreach (var server in config.Servers)
        {
            var sets = config.Backups.Where(b => b.Server == server.Name).Select(b => b.Name).ToList();
            plan.Add(new(InspectionNames.Server(server.Name), sets, server, () => new ServerInspector(server, clock)));
            if (server.BinlogArchive is not null)
                plan.Add(new(InspectionNames.BinlogArchive(server.Name), sets, server,
                    () => new BinlogArchiveInspection(server, () => services.Server(server.Name), clock, countBytesRead)));
        }
        foreach (var log in config.Logs)
            plan.Add(new(InspectionNames.Log(log.Path), log.Backup is { } backup ? [backup] : [], (log, services.LogOffsets),
                () => new LogInspection(log, services.LogOffsets, config.Global.Timeout, clock, services.Warn)));
        foreach (var set in config.Backups)
            plan.Add(new(InspectionNames.Run(set.Name), [set.Name], set, () => new RunStatusInspection(set)));
        var drills = DrillHistoryStore.DefaultDirectory();
        foreach (var set in config.Backups.Where(HasDrills))
            plan.Add(new(InspectionNames.Drill(set.Name), [set.Name], (set, drills), () => new DrillHistoryInspection(set, drills)));
        foreach (var set in config.Backups)
        {
            if (set.Reverify is { } reverify)
                plan.Add(new(InspectionNames.Reverify(set.Name), [set.Name], (Local(set), config.Global.StateGroup),
                    () => Reverification(set, reverify, config.Global.StateGroup, services)));
        }
        foreach (var set in config.Backups)
        {
            foreach (var remote in set.Offsite)
                plan.Add(new(InspectionNames.Offsite(set.Name, remote.Name), [set.Name], (Local(set), remote),
                    () => new OffsiteInspection(set, remote, () => services.LocalSet(set.Name), clock, countBytesRead,
                        ReadsFile(set, remote, services), new StateAccess(config.Global.StateGroup))));
        }
        return plan;
    }

    /// <summary>The set's re-verification, with its digest ledger as last saved in the state directory.</summary>
    private static ReverifyInspection Reverification(BackupSetConfig set, ReverifyConfig reverify, string? stateGroup,
        InspectionServices services)
    {
        var path = DigestLedger.FileFor(StateDirectory.Default(), set.Name);
        var (ledger, problem) = DigestLedger.Load(path, new StateAccess(stateGroup), readOnly: !services.KeepsLedgers);
        return new ReverifyInspection(set, reverify, () => services.LocalSet(set.Name), ledger, problem, services.Clock,
            services.CountBytesRead, services.Warn);
    }

    /// <summary>Where a remote's downloads are kept across restarts: only for <c>verify: download</c> in a set with reverify.</summary>
    private static string? ReadsFile(BackupSetConfig set, OffsiteConfig remote, InspectionServices services) =>
        set.Reverify is not null && remote.Verify == OffsiteVerify.Download && services.KeepsLedgers
            ? CopyReadFile.For(StateDirectory.Default(), set.Name, remote.Name)
            : null;

    /// <summary>Sets of a kind whose artifacts a drill can restore: the history-table kinds have none.</summary>
    private static bool HasDrills(BackupSetConfig set) => !set.Kind.IsHistoryTable();

    /// <summary>
    /// The set without its off-site remotes and its retention promise: what its own inspection reads. A changed promise is
    /// judged anew from the same observations; it must not make the inspection read every artifact again.
    /// </summary>
    private static BackupSetConfig Local(BackupSetConfig set) => set with { Offsite = [], Retention = null };
}
