using BackupExporter.Configuration;
using BackupExporter.Inspection.Logs;
using static BackupExporter.Metrics.Families;
using static BackupExporter.Metrics.MetricHelp;
using static BackupExporter.Metrics.MetricLabels;

namespace BackupExporter.Metrics;

/// <summary>The series a backup set gets from its job and cron logs and from the run wrapper's status file.</summary>
internal static class JobLogSeries
{
    /// <summary>A job started by cron up to this long before its scheduled minute still counts (clocks drift).</summary>
    private static readonly TimeSpan Early = TimeSpan.FromMinutes(1);

    public static void Render(SeriesGroup g, BackupSetParts parts)
    {
        var backup = Backup.Of(parts.Set.Name);
        // The run status inspection only stats a file and never fails (a problem is in its observation): no series of its own.
        foreach (var (log, o, inspection) in parts.Logs)
        {
            InspectionSeries.Render(g, inspection);
            if (o is null)
                continue;
            var run = o.NewestRun;
            NewestRun(g, backup, log.Source, c => run?.ErrorLines.GetValueOrDefault(c) ?? 0, run?.Failed == true);
            if (o.Kind == LogKind.Cron)
            {
                if (o.JobStarts.Count > 0)
                    g.Sample(CronLastStart, Seconds(o.JobStarts[^1]), backup);
                g.Sample(CronStarts, o.JobStarts.Count, backup);
                if (parts.Set.Schedule is not null)
                    g.Sample(CronMissed, MissedStarts(parts, o), backup);
            }
        }

        // The status file speaks as source "run" unless a log of that kind already does.
        if (parts.Run?.Status is { } status && parts.Logs.All(l => l.Config.Kind != LogKind.Run))
        {
            NewestRun(g, backup, LogKinds.Name(LogKind.Run), c => status.ErrorLines.GetValueOrDefault(ErrorClasses.Label(c)), status.Outcome == RunStatus.Failed);
        }
    }

    /// <summary>The newest run of one source: its error lines of every class, and whether it failed.</summary>
    private static void NewestRun(SeriesGroup g, (string, string) backup, string source, Func<ErrorClass, long> errorLines, bool failed)
    {
        foreach (var errorClass in ErrorClasses.All)
            g.Sample(LogErrors, errorLines(errorClass), backup, Source.Of(source), Class.Of(ErrorClasses.Label(errorClass)));
        g.Sample(LastRunFailed, failed ? 1 : 0, backup, Source.Of(source));
    }

    /// <summary>The newest failed attempt: a failed artifact, a failed run in a log, or a failed run of the wrapper.</summary>
    public static DateTimeOffset? LastFailure(DateTimeOffset? artifactFailure, BackupSetParts parts)
    {
        var candidates = new List<DateTimeOffset?> { artifactFailure };
        candidates.AddRange(parts.Logs.Select(l => l.Observation?.LastFailedRun is { } failed ? failed.EndedAt ?? failed.LastObservedAt : (DateTimeOffset?)null));
        if (parts.Run?.Status is { Outcome: RunStatus.Failed } status)
            candidates.Add(status.EndedAt ?? status.StartedAt);
        return candidates.Max();
    }

    /// <summary>Scheduled starts since the cron log is followed, old enough to be judged (grace passed), with no job start near them.</summary>
    private static int MissedStarts(BackupSetParts parts, LogObservation o)
    {
        var set = parts.Set;
        var until = o.ObservedAt - set.Grace;
        if (until <= o.FollowingSince)
            return 0;
        return set.Schedule!.GetOccurrences(o.FollowingSince, until, set.TimeZone, fromInclusive: true, toInclusive: true)
            .Take(10_000)
            .Count(scheduled => !o.JobStarts.Any(start => start >= scheduled - Early && start <= scheduled + set.Grace));
    }
}
