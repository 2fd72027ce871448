using BackupExporter.Configuration;
using BackupExporter.Inspection.Reverification;
using BackupExporter.Snapshots;
using static BackupExporter.Metrics.MetricHelp;
using static BackupExporter.Metrics.MetricLabels;
using static BackupExporter.Metrics.ReverifyFamilies;

namespace BackupExporter.Metrics;

/// <summary>Renders the series of a set's rotating re-verification; a set without <c>reverify</c> has none.</summary>
internal static class ReverifySeries
{
    public static SeriesGroup Render(BackupSetConfig set, ReverifyObservation? o, InspectionStatus? inspection, object?[] sources)
    {
        var g = new SeriesGroup(sources);
        InspectionSeries.Render(g, inspection);
        if (o is null)
            return g.Seal();
        var backup = Backup.Of(set.Name);
        g.Sample(ReverifiedBytesRatio, o.VerifiedBytesRatio, backup);
        g.Sample(ReverifiedArtifactsRatio, o.VerifiedArtifactsRatio, backup);
        if (o.OldestVerification is { } oldest)
            g.Clock(ReverifyOldestAge, ClockValue.SecondsSince, Seconds(oldest), backup);
        else
            g.Sample(ReverifyOldestAge, 0, backup);
        g.Sample(ReverifyChanged, o.Changed.Count, backup);
        g.Sample(ReverifyReadBytes, o.ReadBytes, backup);
        return g.Seal();
    }
}
