using BackupExporter.Reporting;
using static BackupExporter.Metrics.MetricHelp;
using static BackupExporter.Metrics.MetricLabels;
using static BackupExporter.Metrics.RetentionFamilies;

namespace BackupExporter.Metrics;

/// <summary>The series of a set's retention promise, its removals and its change-rate signals, from its verdict.</summary>
internal static class RetentionSeries
{
    public static void Render(SeriesGroup g, SetVerdict v)
    {
        var backup = Backup.Of(v.Set.Name);
        if (v.Retention is { } retention)
        {
            g.Sample(RetentionOk, retention.Holds ? 1 : 0, backup);
            if (retention.WindowDays > 0)
            {
                g.Sample(RetentionRestorableDays, retention.RestorableDays, backup);
                g.Sample(RetentionFirstMissingDay, Seconds(retention.FirstMissingDay), backup);
            }
        }
        g.Sample(RemovedTooEarly, v.RemovedTooEarly.Count, backup);
        if (v.ChangeRate?.CompressionRatio is { } ratio)
            g.Sample(CompressionRatio, ratio, backup);
        g.Sample(ChangeUnusual, v.ChangeRate is { SizeUnusual: true } ? 1 : 0, backup, Signal.Of("size"));
        g.Sample(ChangeUnusual, v.ChangeRate is { CompressionUnusual: true } ? 1 : 0, backup, Signal.Of("compression"));
    }
}
