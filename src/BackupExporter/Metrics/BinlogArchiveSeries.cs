using BackupExporter.Configuration;
using BackupExporter.Inspection.Server;
using BackupExporter.Snapshots;
using static BackupExporter.Metrics.BinlogArchiveFamilies;
using static BackupExporter.Metrics.MetricHelp;
using static BackupExporter.Metrics.MetricLabels;

namespace BackupExporter.Metrics;

/// <summary>Renders the series of a server's binlog archive into the server's group; nothing without <c>binlog_archive</c>.</summary>
internal static class BinlogArchiveSeries
{
    public static void Render(SeriesGroup g, ServerConfig server, BinlogArchiveObservation? o, InspectionStatus? inspection)
    {
        if (server.BinlogArchive is not { } archive)
            return;
        InspectionSeries.Render(g, inspection);
        if (o is null)
            return;
        var label = Server.Of(server.Name);
        g.Sample(ArchiveFiles, o.Files, label);
        g.Sample(ArchiveSize, o.Bytes, label);
        if (o.ReachesTo is { } reach)
            g.Sample(ArchiveReach, Seconds(reach), label);
        g.Sample(ArchiveGap, o.Gap ? 1 : 0, label);
        g.Sample(ArchiveLastGrowth, Seconds(o.LastGrowth), label);
        g.Sample(ArchiveStalled, o.Stalled ? 1 : 0, label);
        if (archive.Remote is null)
            return;
        if (o.OffsiteUp is { } up)
            g.Sample(ArchiveOffsiteUp, up ? 1 : 0, label);
        g.Sample(ArchiveOffsiteReach, Seconds(o.OffsiteReachesTo), label);
    }
}
