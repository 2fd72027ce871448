using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Reporting;
using BackupExporter.Snapshots;
using static BackupExporter.Metrics.Families;
using static BackupExporter.Metrics.ExporterFamilies;
using static BackupExporter.Metrics.MetricHelp;
using static BackupExporter.Metrics.MetricLabels;

namespace BackupExporter.Metrics;

/// <summary>
/// Renders the series of one backup set from its verdict (Reporting/SetVerdicts); decides nothing. In two groups: those
/// decided from the artifacts, logs, drills and the server, kept while those are unchanged, and the few measured anew
/// each round (<see cref="RenderRound"/>), so that a round of 1,000 unchanged sets re-renders only the latter.
/// </summary>
internal static class BackupSetSeries
{
    /// <summary>The series decided from the set's parts; the round's own are in <see cref="RenderRound"/>.</summary>
    /// <param name="sources">the parts the verdict was decided from: while they are the same, the text is still right</param>
    public static SeriesGroup Render(SetVerdict v, object?[] sources)
    {
        var (set, o) = (v.Set, v.Observation);
        var g = new SeriesGroup(sources);
        var backup = Backup.Of(set.Name);
        g.Sample(Info, 1, backup, Server.Of(set.Server ?? ""), Kind.Of(set.Kind.Word()), SetPath.Of(set.Path));
        if (Reporting.Cadence.ScheduleInterval.Of(set) is { } interval)
            g.Sample(ScheduleInterval, interval.TotalSeconds, backup);
        JobLogSeries.Render(g, v);
        DrillSeries.Render(g, set, v.DrillObservation);
        if (o is null)
            return g.Seal();

        g.Sample(PathOk, o.PathProblem is null ? 1 : 0, backup);
        var lastSuccess = v.LastSuccess;
        var lastSuccessTime = Seconds(lastSuccess?.Time);
        g.Sample(LastSuccess, lastSuccessTime, backup);
        g.Clock(LastSuccessAge, ClockValue.SecondsSince, lastSuccessTime, backup);
        if (v.TimeSource is { } source)
            g.Sample(TimeSource, 1, backup, TimeSourceLabel.Of(source));
        g.Sample(LastFailure, Seconds(v.LastFailure), backup);
        g.Sample(LastSuccessSize, lastSuccess?.SizeBytes ?? 0, backup);
        if (lastSuccess?.Facts?.Duration is { } duration)
            g.Sample(LastSuccessDuration, duration.TotalSeconds, backup);
        if (v.SizeRatio is { } ratio)
            g.Sample(SizeRatio, ratio, backup);

        foreach (var status in ArtifactStatuses.All)
            g.Sample(Artifacts, v.Count(status), backup, Status.Of(ArtifactStatuses.Word(status)));
        g.Sample(RetainedBytes, v.RetainedBytes, backup);
        g.Sample(Oldest, Seconds(v.Oldest), backup);
        g.Sample(Running, v.Running ? 1 : 0, backup);

        if (v.NewestFinished is { } newest)
            foreach (var (check, result) in newest.Checks)
                g.Sample(CheckOk, result.Ok ? 1 : 0, backup, Check.Of(check));

        // Overdue is decided against the clock: the deadline is rendered once, compared with now at each scrape.
        if (v.NextExpected is { } deadline)
        {
            g.Sample(NextExpected, Seconds(deadline), backup);
            g.Clock(Overdue, ClockValue.PastDeadline, Seconds(deadline), backup);
        }

        if (v.Pitr is { } pitr)
        {
            g.Sample(PitrOk, pitr.Ok ? 1 : 0, backup);
            if (pitr.WindowStart is { } windowStart)
                g.Clock(PitrWindow, ClockValue.SecondsSince, Seconds(windowStart), backup);
            else
                g.Sample(PitrWindow, 0, backup);
        }
        RetentionSeries.Render(g, v);
        return g.Seal();
    }

    /// <summary>The set's series measured anew each round: its inspection, and its volume with the headroom.</summary>
    /// <param name="lastSuccessBytes">the size of the newest good artifact, as the verdict found it</param>
    /// <param name="recovery">the verdict's recovery points; null before the set's first observation</param>
    /// <param name="liveAt">when the set's server was last observed, for a point through its current binlog</param>
    public static SeriesGroup RenderRound(BackupSetConfig set, InspectionStatus? inspection, VolumeObservation? volume,
        long? lastSuccessBytes, object?[] sources, SetRecovery? recovery = null, DateTimeOffset? liveAt = null)
    {
        var g = new SeriesGroup(sources);
        InspectionSeries.Render(g, inspection);
        if (recovery is not null)
            RecoverySeries.Render(g, set, recovery, liveAt);
        if (volume is not null)
        {
            var backup = Backup.Of(set.Name);
            g.Sample(VolumeFree, volume.FreeBytes, backup);
            g.Sample(VolumeSize, volume.TotalBytes, backup);
            if (SetVerdict.Headroom(volume, lastSuccessBytes) is { } headroom)
                g.Sample(Headroom, headroom, backup);
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
