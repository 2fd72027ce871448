using BackupExporter.Configuration;
using BackupExporter.Inspection.Logs;
using BackupExporter.Reporting;
using BackupExporter.Runs;
using static BackupExporter.Metrics.Families;
using static BackupExporter.Metrics.MetricHelp;
using static BackupExporter.Metrics.MetricLabels;

namespace BackupExporter.Metrics;

/// <summary>The series a backup set gets from its job and cron logs and from the run wrapper's status file.</summary>
internal static class JobLogSeries
{
    public static void Render(SeriesGroup g, SetVerdict v)
    {
        var backup = Backup.Of(v.Set.Name);
        // The run status inspection only stats a file and never fails (a problem is in its observation): no series of its own.
        foreach (var log in v.Logs)
        {
            InspectionSeries.Render(g, log.Inspection);
            if (log.Observation is not { } o)
                continue;
            var run = o.NewestRun;
            NewestRun(g, backup, log.Config.Source, c => run?.ErrorLines.GetValueOrDefault(c) ?? 0, run?.Failed == true);
            if (o.Kind == LogKind.Cron)
            {
                if (o.JobStarts.Count > 0)
                    g.Sample(CronLastStart, Seconds(o.JobStarts[^1]), backup);
                g.Sample(CronStarts, o.JobStarts.Count, backup);
                if (log.MissedStarts is { } missed)
                    g.Sample(CronMissed, missed, backup);
            }
        }

        // The status file speaks as source "run" unless a log of that kind already does.
        if (v.Run?.Status is { } status && v.Logs.All(l => l.Config.Kind != LogKind.Run))
        {
            NewestRun(g, backup, LogKinds.Name(LogKind.Run), c => status.ErrorLines.GetValueOrDefault(ErrorClasses.Label(c)),
                status.Outcome == RunStatus.Failed);
        }
    }

    /// <summary>The newest run of one source: its error lines of every class, and whether it failed.</summary>
    private static void NewestRun(SeriesGroup g, (string, string) backup, string source, Func<ErrorClass, long> errorLines, bool failed)
    {
        foreach (var errorClass in ErrorClasses.All)
            g.Sample(LogErrors, errorLines(errorClass), backup, Source.Of(source), Class.Of(ErrorClasses.Label(errorClass)));
        g.Sample(LastRunFailed, failed ? 1 : 0, backup, Source.Of(source));
    }
}
