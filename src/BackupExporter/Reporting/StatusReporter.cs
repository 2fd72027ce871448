using BackupExporter.Inspection.BackupSets;
using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Artifacts;
using BackupExporter.Inspection.Server;
using BackupExporter.Snapshots;

namespace BackupExporter.Reporting;

/// <summary>Renders the verdicts of every backup set of a snapshot at a given moment for people. Pure: no I/O.</summary>
internal static class StatusReporter
{
    /// <summary>Newest first; a directory of thousands of broken files must not make a page of megabytes.</summary>
    private const int MaxFailedListed = 50;

    public static StatusReport Report(Snapshot snapshot, DateTimeOffset now, string version, IReadOnlySet<string>? only = null)
    {
        var verdicts = snapshot.Config.Backups
            .Where(b => only is null || only.Contains(b.Name))
            .Select(b => (Set: b, Verdict: SetVerdicts.Decide(BackupSetParts.Of(snapshot, b), now)))
            .ToList();
        var sets = verdicts.Select(v => Render(v.Verdict, now)).ToList();
        var worst = sets.Count == 0 ? Severity.Unknown : sets.Max(s => s.Severity);
        var servers = snapshot.Config.Servers.Select(s => Server(s.Name, snapshot.Server(s.Name)) with
        {
            Recovery = RecoveryText.Server(s.Name, verdicts.Where(v => v.Set.Server == s.Name).ToList(), now),
            ErrorLog = snapshot.LogsOf(null, s.Name) is [var log, ..] ? LogReport.From(log.Config, log.Observation) : null,
            BinlogArchive = s.BinlogArchive is { } archive
                ? BinlogArchiveReport.Of(archive.Path, archive.Remote, snapshot.Get(ObservationKeys.BinlogArchive(s.Name)))
                : null,
        }).ToList();
        return new StatusReport(version, now, snapshot.Ready, worst, sets, servers);
    }

    private static ServerReport Server(string name, ServerObservation? o) => o is null
        ? new ServerReport { Name = name, Error = "not inspected yet" }
        : new ServerReport
        {
            Name = name,
            Up = o.Up,
            Error = o.Error,
            Version = o.Version,
            Flavor = o.Flavor,
            BinlogEnabled = o.BinlogEnabled,
            BinlogFiles = o.Binlogs?.Count,
            BinlogRetentionSeconds = o.RetentionSeconds,
            OldestBinlog = o.OldestBinlogTime,
            BlockedThreads = o.BlockedThreads,
            BackupSessions = o.BackupSessions,
            Problems = o.Problems,
        };

    /// <summary>A set alone, without logs or run status: its own observation and, for PITR, its server's.</summary>
    public static BackupSetReport Judge(BackupSetConfig set, BackupSetObservation? o, InspectionStatus? inspection, DateTimeOffset now,
        ServerObservation? server = null) =>
        Render(SetVerdicts.Decide(new BackupSetParts(set, o, inspection, server, null, []), now), now);

    /// <summary>The set's verdict for people; decides nothing.</summary>
    public static BackupSetReport Render(SetVerdict v, DateTimeOffset now)
    {
        var (set, o, inspection) = (v.Set, v.Observation, v.Inspection);
        var inspectionReport = inspection is null ? null
            : new InspectionReport(inspection.Success, inspection.Error, inspection.LastRun, inspection.LastSuccess,
                inspection.LastDuration.TotalSeconds);
        var logs = SetVerdicts.LogReports(v);
        var report = new BackupSetReport
        {
            Name = set.Name,
            Kind = Kind(set),
            Path = set.Path,
            Server = set.Server,
            Severity = v.Severity,
            Reasons = v.Reasons,
            Inspection = inspectionReport,
            Logs = logs,
            Drill = v.Drill,
            Offsite = v.Offsite,
            Reverify = ReverifyReport.From(v.Reverify),
        };
        if (o is null)
            return report;

        return report with
        {
            Overdue = v.Overdue,
            NextExpected = v.NextExpected,
            NewestFinished = Artifact(v.NewestFinished),
            LastSuccess = Artifact(v.LastSuccess),
            TimeSource = v.TimeSource,
            Artifacts = new ArtifactCounts(
                v.Count(ArtifactStatus.Ok), v.Count(ArtifactStatus.Failed), v.Count(ArtifactStatus.InProgress), v.RetainedBytes),
            FailedArtifacts = v.Artifacts.Where(a => a.Status == ArtifactStatus.Failed).Reverse().Take(MaxFailedListed)
                .Select(a => new FailedArtifactReport(a.Name, a.ModifiedTime, a.Time, a.FirstFailure!.Value.Key,
                    a.FirstFailure.Value.Value.Detail))
                    .ToList(),
            Volume = o.Volume is { } vol ? new VolumeReport(vol.FreeBytes, vol.TotalBytes, v.HeadroomRatio) : null,
            Pitr = v.Pitr is { } p ? new PitrReport(p.Ok, p.Reason, p.WindowStart) : null,
            LastFailure = v.LastFailure,
            Retention = v.Retention,
            RemovedTooEarly = v.RemovedTooEarly,
            ChangeRate = v.ChangeRate,
            Recovery = RecoveryText.Set(set, v, now),
        };
    }

    private static string Kind(BackupSetConfig set) => set.Kind.Word();

    private static ArtifactReport? Artifact(JudgedArtifact? a) => a is null ? null : new ArtifactReport
    {
        Name = a.Name,
        Path = a.Path,
        SizeBytes = a.SizeBytes,
        Modified = a.ModifiedTime,
        Time = a.Time,
        TimeSource = TimeSources.Of(a.Observation),
        TimeProblem = a.Observation.TimeProblem,
        Status = Status(a.Status),
        Checks = a.Checks.ToDictionary(c => c.Key, c => new CheckReport(c.Value.Ok, c.Value.Detail)),
        ServerVersion = a.Facts?.ServerVersion,
        BinlogFile = a.Facts?.BinlogFile,
        BinlogPosition = a.Facts?.BinlogPosition,
        Gtid = a.Facts?.Gtid,
        BackupType = a.Facts?.BackupType,
        Started = a.Facts?.StartedAt,
        DurationSeconds = a.Facts?.Duration?.TotalSeconds,
    };

    public static string Status(ArtifactStatus status) => ArtifactStatuses.Word(status);
}
