using BackupExporter.Configuration;
using BackupExporter.Inspection.Server;
using BackupExporter.Inspection;
using BackupExporter.Snapshots;
using static BackupExporter.Metrics.Families;
using static BackupExporter.Metrics.ExporterFamilies;
using static BackupExporter.Metrics.MetricHelp;
using static BackupExporter.Metrics.MetricLabels;

namespace BackupExporter.Metrics;

/// <summary>Renders the series of one backup set from its configuration, observation and inspection status.</summary>
internal static class BackupSetSeries
{
    public static SeriesGroup Render(BackupSetParts parts)
    {
        var (set, o, inspection, server) = (parts.Set, parts.Observation, parts.Inspection, parts.Server);
        var g = new SeriesGroup(parts.Sources);
        var backup = Backup.Of(set.Name);
        g.Sample(Info, 1, backup, Server.Of(set.Server ?? ""), Kind.Of(set.Kind.Word()), SetPath.Of(set.Path));
        if (Inspection.Cadence.ScheduleInterval.Of(set) is { } interval)
            g.Sample(ScheduleInterval, interval.TotalSeconds, backup);
        InspectionSeries.Render(g, inspection);
        JobLogSeries.Render(g, parts);
        if (o is null)
            return g.Seal();

        g.Sample(PathOk, o.PathProblem is null ? 1 : 0, backup);
        var lastSuccess = o.LastSuccess;
        var lastSuccessTime = Seconds(lastSuccess?.ModifiedTime);
        g.Sample(LastSuccess, lastSuccessTime, backup);
        g.Clock(LastSuccessAge, ClockValue.SecondsSince, lastSuccessTime, backup);
        g.Sample(LastFailure, Seconds(JobLogSeries.LastFailure(o.LastFailure?.ModifiedTime, parts)), backup);
        g.Sample(LastSuccessSize, lastSuccess?.SizeBytes ?? 0, backup);
        if (lastSuccess?.Facts?.Duration is { } duration)
            g.Sample(LastSuccessDuration, duration.TotalSeconds, backup);
        if (lastSuccess is not null && o.PreviousSuccess is { SizeBytes: > 0 } previous)
            g.Sample(SizeRatio, (double)lastSuccess.SizeBytes / previous.SizeBytes, backup);

        foreach (var status in ArtifactStatuses.All)
            g.Sample(Artifacts, o.Count(status), backup, Status.Of(ArtifactStatuses.Word(status)));
        g.Sample(RetainedBytes, o.RetainedBytes, backup);
        g.Sample(Oldest, Seconds(o.Artifacts.Count > 0 ? o.Artifacts[0].ModifiedTime : null), backup);
        g.Sample(Running, o.Running ? 1 : 0, backup);

        if (o.NewestFinished is { } newest)
            foreach (var (check, result) in newest.Checks)
                g.Sample(CheckOk, result.Ok ? 1 : 0, backup, Check.Of(check));

        if (o.NextExpected is { } deadline)
        {
            g.Sample(NextExpected, Seconds(deadline), backup);
            g.Clock(Overdue, ClockValue.PastDeadline, Seconds(deadline), backup);
        }

        if (o.Volume is { } volume)
        {
            g.Sample(VolumeFree, volume.FreeBytes, backup);
            g.Sample(VolumeSize, volume.TotalBytes, backup);
            if (lastSuccess is { SizeBytes: > 0 })
                g.Sample(Headroom, (double)volume.FreeBytes / lastSuccess.SizeBytes, backup);
        }

        if (set.Server is { } serverName)
        {
            var pitr = PitrCoverage.Evaluate(o, server, serverName);
            g.Sample(PitrOk, pitr.Ok ? 1 : 0, backup);
            if (pitr.WindowStart is { } windowStart)
                g.Clock(PitrWindow, ClockValue.SecondsSince, Seconds(windowStart), backup);
            else
                g.Sample(PitrWindow, 0, backup);
        }
        return g.Seal();
    }
}

/// <summary>The exporter's per-inspection series, rendered with the set or server the inspection belongs to.</summary>
internal static class InspectionSeries
{
    public static void Render(SeriesGroup g, InspectionStatus? inspection)
    {
        if (inspection is null)
            return;
        var label = InspectionName.Of(inspection.Name);
        g.Sample(InspectionSuccess, inspection.Success ? 1 : 0, label);
        g.Sample(InspectionDuration, inspection.LastDuration.TotalSeconds, label);
        g.Sample(InspectionLastSuccess, Seconds(inspection.LastSuccess), label);
    }
}
