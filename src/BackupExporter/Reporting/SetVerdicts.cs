using BackupExporter.Inspection.BackupSets;
using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Artifacts;
using BackupExporter.Inspection.Logs;
using BackupExporter.Inspection.Server;
using BackupExporter.Reporting.Cadence;
using BackupExporter.Reporting.Retention;
using BackupExporter.Runs;

namespace BackupExporter.Reporting;

/// <summary>
/// The one function that decides a backup set's verdicts: each artifact's status from its checks, the newest good
/// artifact, the last failure, the deadline and overdue, PITR, missed cron starts, and the severity with its
/// reasons. Pure: it reads only its arguments, so the same parts and moment always give the same verdict.
/// </summary>
internal static class SetVerdicts
{
    /// <summary>A job started by cron up to this long before its scheduled minute still counts (clocks drift).</summary>
    private static readonly TimeSpan Early = TimeSpan.FromMinutes(1);

    public static SetVerdict Decide(BackupSetParts parts, DateTimeOffset now)
    {
        var (set, o, inspection) = (parts.Set, parts.Observation, parts.Inspection);
        var artifacts = o is null ? [] : ArtifactVerdicts.Judge(ReverifyEvidence.Apply(o.Artifacts, parts.Reverify), set);
        var lastSuccess = artifacts.LastOrDefault(a => a.Status == ArtifactStatus.Ok);
        var nextExpected = o is null ? null : ScheduleDeadline.Next(set, lastSuccess?.Time, o.WatchingSince);
        var good = artifacts.Where(a => a.Status == ArtifactStatus.Ok).Select(a => a.Observation).ToList();
        var pitr = o is not null && set.Server is { } serverName
            ? PitrCoverage.Evaluate(good, parts.Server, serverName)
            : null;
        var recovery = o is null ? SetRecovery.Unknown
            : RecoveryPoints.Of(good, set.Server is null ? null : parts.Server, parts.BinlogArchive, pitr,
                set.Offsite.Count == 0 ? null : parts.Offsite.Select(r => r.Observation).ToList(), parts.Drill);
        var logs = parts.Logs.Select(l => new LogVerdict(l.Config, l.Observation, l.Inspection, LogReport.From(l.Config, l.Observation),
            l.Observation is { Kind: LogKind.Cron } cron && set.Schedule is not null ? MissedStarts(set, cron) : null))
            .Select(l => l with { Report = l.Report with { MissedStarts = l.MissedStarts } })
            .ToList();

        var retention = o is null ? null : RetentionPromise.Evaluate(set, artifacts, now);
        var verdict = new SetVerdict
        {
            Set = set,
            Observation = o,
            Inspection = inspection,
            Artifacts = artifacts,
            LastFailure = LastFailure(artifacts.LastOrDefault(a => a.Status == ArtifactStatus.Failed)?.Time, parts),
            NextExpected = nextExpected,
            Overdue = nextExpected is { } deadline ? ScheduleDeadline.Passed(deadline, now) : null,
            Pitr = pitr,
            Logs = logs,
            Run = parts.Run,
            Severity = Severity.Ok,
            DrillObservation = parts.Drill,
            Drill = DrillReport.From(set, parts.Drill),
            Retention = retention,
            RemovedTooEarly = o is null ? [] : RetentionPromise.RemovedTooEarly(retention, o.Disappeared, name => RemovedBy(name, parts)),
            ChangeRate = ChangeRate.Evaluate(artifacts),
            Reverify = parts.Reverify,
            Recovery = recovery,
        };
        var (severity, judged) = Judge(verdict, now, binlogOff: parts.Server is { BinlogEnabled: false });
        var reasons = judged.ToList();
        var offsite = OffsiteReporter.Judge(parts.Offsite, now, (s, reason, runbook) =>
        {
            reasons.Add(new Reason(reason, runbook));
            if (s > severity)
                severity = s;
        });
        return verdict with { Severity = severity, Reasons = reasons, Offsite = offsite };
    }

    /// <summary>The newest failed attempt: a failed artifact, a failed run in a log, or a failed run of the wrapper.</summary>
    private static DateTimeOffset? LastFailure(DateTimeOffset? artifactFailure, BackupSetParts parts)
    {
        var candidates = new List<DateTimeOffset?> { artifactFailure };
        candidates.AddRange(parts.Logs.Select(l => l.Observation?.LastFailedRun is { } failed ? failed.EndedAt ?? failed.LastObservedAt
            : (DateTimeOffset?)null));
        if (parts.Run?.Status is { Outcome: RunStatus.Failed } status)
            candidates.Add(status.EndedAt ?? status.StartedAt);
        return candidates.Max();
    }

    /// <summary>The job log's line that names a removed artifact, with the log's path; null when no log says.</summary>
    private static string? RemovedBy(string name, BackupSetParts parts)
    {
        foreach (var (config, observation, _) in parts.Logs)
        {
            if (observation is null)
                continue;
            var runs = new[] { observation.NewestRun, observation.LastFailedRun }.OfType<RunSummary>().Select(r => r.RemovalLines);
            if (RemovalLines.Naming(name, runs) is { } line)
                return $"{config.Path}: {line}";
        }
        return null;
    }

    /// <summary>
    /// Scheduled starts since the cron log is followed, old enough to be judged (grace passed), with no job start near them.
    /// </summary>
    private static int MissedStarts(BackupSetConfig set, LogObservation o)
    {
        var until = o.ObservedAt - set.Grace;
        if (until <= o.FollowingSince)
            return 0;
        return set.Schedule!.GetOccurrences(o.FollowingSince, until, set.TimeZone, fromInclusive: true, toInclusive: true)
            .Take(10_000)
            .Count(scheduled => !o.JobStarts.Any(start => start >= scheduled - Early && start <= scheduled + set.Grace));
    }

    /// <summary>How bad the set's state is, and why, in the order an operator should read the reasons.</summary>
    private static (Severity, IReadOnlyList<Reason>) Judge(SetVerdict v, DateTimeOffset now, bool binlogOff)
    {
        var (set, o, inspection) = (v.Set, v.Observation, v.Inspection);
        var reasons = new List<Reason>();
        var severity = Severity.Ok;
        void Raise(Severity s, string reason, string runbook)
        {
            reasons.Add(new Reason(reason, runbook));
            if (s > severity)
                severity = s;
        }

        if (o is null)
        {
            if (inspection is { Success: false })
                Raise(Severity.Unknown, $"inspection failed: {inspection.Error}", Runbooks.InspectionFailing);
            else
                Raise(Severity.Unknown, "not inspected yet", Runbooks.BeforeAnythingElse);
        }
        else
        {
            var newest = v.NewestFinished;
            if (o.PathProblem is not null)
                Raise(Severity.Critical, o.PathProblem, Runbooks.DirectoryUnreadable);
            else if (newest is null)
                Raise(v.Running ? Severity.Ok : Severity.Critical, v.Running
                    ? "the first artifact is still being written"
                    : set.Kind.IsHistoryTable()
                        ? $"no backup recorded in {set.Kind.HistoryTable()} on server {set.Server}"
                        : $"no artifact matching \"{set.Pattern}\" in {set.Path}", Runbooks.Overdue);
            else if (newest.FirstFailure is { } failure)
                Raise(Severity.Critical, $"newest artifact {newest.Name} failed {failure.Key}: {failure.Value.Detail}",
                    Runbooks.ForCheck(failure.Key));

            if (v.Overdue == true)
            {
                var last = v.LastSuccess is { } s ? $"last good artifact {s.Name} at {s.Time:u}" : "no good artifact";
                Raise(Severity.Critical, $"overdue: a good backup was due by {v.NextExpected:u} ({set.ScheduleText} + "
                    + $"grace {DurationParser.Format(set.Grace)}); {last}", Runbooks.Overdue);
            }
            if (inspection is { Success: false })
                Raise(Severity.Warning, $"the latest inspection failed ({inspection.Error}); showing the result "
                    + $"of {inspection.LastSuccess:u}", Runbooks.InspectionFailing);
            if (o.VolumeProblem is not null)
                Raise(Severity.Warning, o.VolumeProblem, Runbooks.BeforeAnythingElse);
            if (v.Pitr is { Ok: false } pitr)
                Raise(Severity.Warning, "no point-in-time recovery: " + pitr.Reason,
                    binlogOff ? Runbooks.BinlogDisabled : Runbooks.PitrGap);
            Dating(v, Raise);
        }

        RetentionJudgement.Judge(v, Raise);

        foreach (var log in LogReports(v))
        {
            if (log.Judgement() is { } judgement)
                Raise(judgement.Severity, judgement.Reason, log.Runbook);
        }
        DrillJudgement.Judge(v.Drill, Raise);
        if (o is not null)
            Objectives.Judge(v, now, Raise);
        return (severity, reasons);
    }

    /// <summary>
    /// Warnings about the artifacts' dates: records that were not used (not a date, in the future, before the previous
    /// artifact), and a recorded time far from the file time of the artifact the ages count from (copied, restored,
    /// touched). Warnings, not failures: the backup itself is not worse for it.
    /// </summary>
    private static void Dating(SetVerdict v, Action<Severity, string, string> raise)
    {
        JudgedArtifact? newestProblem = null;
        var problems = 0;
        foreach (var artifact in v.Artifacts)
        {
            if (artifact.Observation.TimeProblem is null)
                continue;
            newestProblem = artifact;
            problems++;
        }
        if (newestProblem is not null)
            raise(Severity.Warning, $"artifact {newestProblem.Name}: {newestProblem.Observation.TimeProblem}"
                + (problems > 1 ? $" (and {problems - 1} older artifacts whose recorded time is not used)" : ""), Runbooks.ArtifactDates);
        if ((v.LastSuccess ?? v.NewestFinished) is { } a && RecordedDates.FarApart(a.Observation))
            raise(Severity.Warning, $"{a.Name} was recorded finished at {a.Observation.RecordedTime:u} but its file time is "
                + $"{a.ModifiedTime:u}: its files were copied, restored or touched; its age counts from the recorded time",
                Runbooks.ArtifactDates);
    }

    /// <summary>The set's logs for people, then the run wrapper's status file when there is one.</summary>
    public static IReadOnlyList<LogReport> LogReports(SetVerdict v)
    {
        var logs = v.Logs.Select(l => l.Report).ToList();
        if (v.Run is { } run && (run.Status is not null || run.Problem is not null))
            logs.Add(LogReport.From(run));
        return logs;
    }
}
