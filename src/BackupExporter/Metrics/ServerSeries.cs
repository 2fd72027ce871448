using BackupExporter.Configuration;
using BackupExporter.Inspection.Logs;
using BackupExporter.Inspection.Server;
using BackupExporter.Snapshots;
using static BackupExporter.Metrics.Families;
using static BackupExporter.Metrics.MetricHelp;

namespace BackupExporter.Metrics;

/// <summary>Renders the series of one server. Parts the exporter could not read (a missing privilege) are absent.</summary>
internal static class ServerSeries
{
    public static SeriesGroup Render(ServerConfig server, ServerObservation? o, InspectionStatus? inspection,
        IReadOnlyList<(LogConfig Config, LogObservation? Observation, InspectionStatus? Inspection)> errorLogs, object?[] sources)
    {
        var g = new SeriesGroup(sources);
        var label = ("server", server.Name);
        InspectionSeries.Render(g, inspection);
        foreach (var (_, log, logInspection) in errorLogs)
        {
            InspectionSeries.Render(g, logInspection);
            if (log?.LinesSinceStart is { } lines)
                foreach (var errorClass in ErrorClasses.All)
                    g.Sample(ServerErrors, lines.GetValueOrDefault(errorClass), label, ("class", ErrorClasses.Label(errorClass)));
        }
        if (o is null)
            return g.Seal();

        g.Sample(ServerUp, o.Up ? 1 : 0, label);
        if (o.Version is { } version)
            g.Sample(ServerInfo, 1, label, ("version", version), ("flavor", o.Flavor ?? ""));
        if (o.BinlogEnabled is { } enabled)
            g.Sample(BinlogEnabled, enabled ? 1 : 0, label);
        if (o.Binlogs is { } binlogs)
        {
            g.Sample(BinlogFiles, binlogs.Count, label);
            g.Sample(BinlogSize, binlogs.Sum(b => b.SizeBytes), label);
        }
        if (o.RetentionSeconds is { } retention)
            g.Sample(BinlogRetention, retention, label);
        if (o.OldestBinlogTime is { } oldest)
            g.Sample(BinlogOldest, Seconds(oldest), label);
        if (o.BlockedThreads is { } blocked)
            foreach (var (wait, _) in ServerObservation.Waits)
                g.Sample(BlockedThreads, blocked.GetValueOrDefault(wait), label, ("wait", wait));
        if (o.BackupSessions is { } sessions)
            g.Sample(BackupSessions, sessions, label);
        return g.Seal();
    }
}
