using BackupExporter.Configuration;
using BackupExporter.Inspection.Offsite;
using BackupExporter.Snapshots;
using static BackupExporter.Metrics.MetricHelp;
using static BackupExporter.Metrics.MetricLabels;
using static BackupExporter.Metrics.OffsiteFamilies;

namespace BackupExporter.Metrics;

/// <summary>Renders the series of one remote of a backup set from its off-site observation.</summary>
internal static class OffsiteSeries
{
    public static SeriesGroup Render(BackupSetConfig set, OffsiteConfig remote, OffsiteObservation? o,
        InspectionStatus? inspection, object?[] sources)
    {
        var g = new SeriesGroup(sources);
        InspectionSeries.Render(g, inspection);
        if (o is null)
            return g.Seal();
        (string, string)[] labels = [Backup.Of(set.Name), Remote.Of(remote.Name)];
        g.Sample(OffsiteUp, o.Up ? 1 : 0, labels);
        g.Sample(OffsiteLastCopy, Seconds(o.LastCopy), labels);
        if (o.LagSince is { } since)
            g.Clock(OffsiteLag, ClockValue.SecondsSince, Seconds(since), labels);
        else
            g.Sample(OffsiteLag, 0, labels);
        g.Sample(OffsiteMaxLag, remote.MaxLag.TotalSeconds, labels);
        g.Sample(OffsiteMissing, o.Missing, labels);
        g.Sample(OffsiteMismatched, o.Mismatched, labels);
        g.Sample(OffsiteObjects, o.Objects, labels);
        g.Sample(OffsiteBytes, o.Bytes, labels);
        g.Sample(OffsiteListDuration, o.ListDuration.TotalSeconds, labels);
        return g.Seal();
    }
}
