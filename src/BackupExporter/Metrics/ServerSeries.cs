using BackupExporter.Configuration;
using BackupExporter.Inspection.Logs;
using BackupExporter.Inspection.Server;
using BackupExporter.Snapshots;
using static BackupExporter.Metrics.ServerFamilies;
using static BackupExporter.Metrics.MetricHelp;
using static BackupExporter.Metrics.MetricLabels;

namespace BackupExporter.Metrics;

/// <summary>Renders the series of one server. Parts the exporter could not read (a missing privilege) are absent.</summary>
internal static class ServerSeries
{
    public static SeriesGroup Render(ServerConfig server, ServerObservation? o, InspectionStatus? inspection,
        IReadOnlyList<(LogConfig Config, LogObservation? Observation, InspectionStatus? Inspection)> errorLogs, object?[] sources,
        (BinlogArchiveObservation? Observation, InspectionStatus? Inspection) archive = default)
    {
        var g = new SeriesGroup(sources);
        var label = Server.Of(server.Name);
        InspectionSeries.Render(g, inspection);
        foreach (var (_, log, logInspection) in errorLogs)
        {
            InspectionSeries.Render(g, logInspection);
            if (log?.LinesSinceStart is { } lines)
                foreach (var errorClass in ErrorClasses.All)
                    g.Sample(ServerErrors, lines.GetValueOrDefault(errorClass), label, Class.Of(ErrorClasses.Label(errorClass)));
        }
        BinlogArchiveSeries.Render(g, server, archive.Observation, archive.Inspection);
        if (o is null)
            return g.Seal();

        g.Sample(ServerUp, o.Up ? 1 : 0, label);
        if (o.Version is { } version)
            g.Sample(ServerInfo, 1, label, MySqlVersion.Of(version), Flavor.Of(o.Flavor ?? ""));
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
                g.Sample(BlockedThreads, blocked.GetValueOrDefault(wait), label, Wait.Of(wait));
        if (o.BackupSessions is { } sessions)
            g.Sample(BackupSessions, sessions, label);
        return g.Seal();
    }
}
