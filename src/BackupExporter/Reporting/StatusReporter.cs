using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Server;
using BackupExporter.Snapshots;

namespace BackupExporter.Reporting;

/// <summary>Judges every backup set of a snapshot at a given moment. Pure: no I/O.</summary>
internal static class StatusReporter
{
    /// <summary>Newest first; a directory of thousands of broken files must not make a page of megabytes.</summary>
    private const int MaxFailedListed = 50;

    public static StatusReport Report(Snapshot snapshot, DateTimeOffset now, string version, IReadOnlySet<string>? only = null)
    {
        var sets = snapshot.Config.Backups
            .Where(b => only is null || only.Contains(b.Name))
            .Select(b => OffsiteReporter.With(WithLogs(Judge(b, snapshot.Backup(b.Name), snapshot.BackupInspection(b.Name), now, b.Server is { } s ? snapshot.Server(s) : null),
                snapshot, b), snapshot, b, now))
            .ToList();
        var worst = sets.Count == 0 ? Severity.Unknown : sets.Max(s => s.Severity);
        var servers = snapshot.Config.Servers.Select(s => Server(s.Name, snapshot.Server(s.Name)) with
        {
            ErrorLog = snapshot.LogsOf(null, s.Name) is [var log, ..] ? LogReport.From(log.Config, log.Observation) : null,
        }).ToList();
        return new StatusReport(version, now, snapshot.Ready, worst, sets, servers);
    }

    private static ServerReport Server(string name, ServerObservation? o) => o is null
        ? new ServerReport(name, null, "not inspected yet", null, null, null, null, null, null, null, null, [])
        : new ServerReport(name, o.Up, o.Error, o.Version, o.Flavor, o.BinlogEnabled, o.Binlogs?.Count, o.RetentionSeconds,
            o.OldestBinlogTime, o.BlockedThreads, o.BackupSessions, o.Problems);

    /// <summary>Adds the set's logs and run status, and what they say against it (a failed newest run is a warning).</summary>
    private static BackupSetReport WithLogs(BackupSetReport report, Snapshot snapshot, BackupSetConfig set)
    {
        var logs = snapshot.LogsOf(set.Name, null).Select(l => LogReport.From(l.Config, l.Observation)).ToList();
        if (snapshot.Run(set.Name) is { } run && (run.Status is not null || run.Problem is not null))
            logs.Add(LogReport.From(run));
        var severity = report.Severity;
        var reasons = report.Reasons.ToList();
        foreach (var log in logs)
        {
            if (log.Judgement() is not { } judgement)
                continue;
            reasons.Add(new Reason(judgement.Reason, log.Runbook));
            if (judgement.Severity > severity)
                severity = judgement.Severity;
        }
        return report with { Logs = logs, Severity = severity, Reasons = reasons };
    }

    public static BackupSetReport Judge(BackupSetConfig set, BackupSetObservation? o, InspectionStatus? inspection, DateTimeOffset now,
        ServerObservation? server = null)
    {
        var reasons = new List<Reason>();
        var severity = Severity.Ok;
        void Raise(Severity s, string reason, string runbook)
        {
            reasons.Add(new Reason(reason, runbook));
            if (s > severity)
                severity = s;
        }

        var inspectionReport = inspection is null ? null
            : new InspectionReport(inspection.Success, inspection.Error, inspection.LastRun, inspection.LastSuccess, inspection.LastDuration.TotalSeconds);
        if (o is null)
        {
            Raise(Severity.Unknown, inspection is { Success: false }
                ? $"inspection failed: {inspection.Error}"
                : "not inspected yet", inspection is { Success: false } ? Runbooks.InspectionFailing : Runbooks.BeforeAnythingElse);
            return new BackupSetReport(set.Name, Kind(set), set.Path, set.Server, severity, reasons, null, null, null, null, null, [], null, null, inspectionReport);
        }

        var overdue = o.NextExpected is { } deadline ? now > deadline : (bool?)null;
        var newest = o.NewestFinished;
        if (o.PathProblem is not null)
            Raise(Severity.Critical, o.PathProblem, Runbooks.DirectoryUnreadable);
        else if (newest is null)
            Raise(o.Running ? Severity.Ok : Severity.Critical, o.Running
                ? "the first artifact is still being written"
                : set.Kind.IsHistoryTable()
                    ? $"no backup recorded in {set.Kind.HistoryTable()} on server {set.Server}"
                    : $"no artifact matching \"{set.Pattern}\" in {set.Path}", Runbooks.Overdue);
        else if (newest.FirstFailure is { } failure)
            Raise(Severity.Critical, $"newest artifact {newest.Name} failed {failure.Key}: {failure.Value.Detail}", Runbooks.ForCheck(failure.Key));

        if (overdue == true)
        {
            var last = o.LastSuccess is { } s ? $"last good artifact {s.Name} at {s.ModifiedTime:u}" : "no good artifact";
            Raise(Severity.Critical, $"overdue: a good backup was due by {o.NextExpected:u} ({set.ScheduleText} + grace {DurationParser.Format(set.Grace)}); {last}", Runbooks.Overdue);
        }
        if (inspection is { Success: false })
            Raise(Severity.Warning, $"the latest inspection failed ({inspection.Error}); showing the result of {inspection.LastSuccess:u}", Runbooks.InspectionFailing);
        if (o.VolumeProblem is not null)
            Raise(Severity.Warning, o.VolumeProblem, Runbooks.BeforeAnythingElse);
        PitrReport? pitr = null;
        if (set.Server is { } serverName)
        {
            var coverage = PitrCoverage.Evaluate(o, server, serverName);
            pitr = new PitrReport(coverage.Ok, coverage.Reason, coverage.WindowStart);
            if (!coverage.Ok)
                Raise(Severity.Warning, "no point-in-time recovery: " + coverage.Reason,
                    server is { BinlogEnabled: false } ? Runbooks.BinlogDisabled : Runbooks.PitrGap);
        }

        var lastSuccess = o.LastSuccess;
        var volume = o.Volume is { } v
            ? new VolumeReport(v.FreeBytes, v.TotalBytes, lastSuccess is { SizeBytes: > 0 } ? (double)v.FreeBytes / lastSuccess.SizeBytes : null)
            : null;
        return new BackupSetReport(set.Name, Kind(set), set.Path, set.Server, severity, reasons, overdue, o.NextExpected,
            Artifact(newest), Artifact(lastSuccess),
            new ArtifactCounts(o.Count(ArtifactStatus.Ok), o.Count(ArtifactStatus.Failed), o.Count(ArtifactStatus.InProgress), o.RetainedBytes),
            o.Artifacts.Where(a => a.Status == ArtifactStatus.Failed).Reverse().Take(MaxFailedListed)
                .Select(a => new FailedArtifactReport(a.Name, a.ModifiedTime, a.FirstFailure!.Value.Key, a.FirstFailure.Value.Value.Detail)).ToList(),
            volume, pitr, inspectionReport);
    }

    private static string Kind(BackupSetConfig set) => set.Kind.Word();

    private static ArtifactReport? Artifact(ArtifactObservation? a) => a is null ? null : new ArtifactReport(
        a.Name, a.Path, a.SizeBytes, a.ModifiedTime, Status(a.Status),
        a.Checks.ToDictionary(c => c.Key, c => new CheckReport(c.Value.Ok, c.Value.Detail)),
        a.Facts?.ServerVersion, a.Facts?.BinlogFile, a.Facts?.BinlogPosition, a.Facts?.Gtid)
    {
        BackupType = a.Facts?.BackupType,
        Started = a.Facts?.StartedAt,
        DurationSeconds = a.Facts?.Duration?.TotalSeconds,
    };

    public static string Status(ArtifactStatus status) => ArtifactStatuses.Word(status);
}
