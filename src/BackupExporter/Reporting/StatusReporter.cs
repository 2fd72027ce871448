using BackupExporter.Inspection.BackupSets;
using BackupExporter.Configuration;
using BackupExporter.Inspection;
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
        var sets = snapshot.Config.Backups
            .Where(b => only is null || only.Contains(b.Name))
            .Select(b => Render(SetVerdicts.Decide(BackupSetParts.Of(snapshot, b), now)))
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

    /// <summary>A set alone, without logs or run status: its own observation and, for PITR, its server's.</summary>
    public static BackupSetReport Judge(BackupSetConfig set, BackupSetObservation? o, InspectionStatus? inspection, DateTimeOffset now,
        ServerObservation? server = null) =>
        Render(SetVerdicts.Decide(new BackupSetParts(set, o, inspection, server, null, []), now));

    /// <summary>The set's verdict for people; decides nothing.</summary>
    public static BackupSetReport Render(SetVerdict v)
    {
        var (set, o, inspection) = (v.Set, v.Observation, v.Inspection);
        var inspectionReport = inspection is null ? null
            : new InspectionReport(inspection.Success, inspection.Error, inspection.LastRun, inspection.LastSuccess,
                inspection.LastDuration.TotalSeconds);
        var logs = SetVerdicts.LogReports(v);
        if (o is null)
            return new BackupSetReport(set.Name, Kind(set), set.Path, set.Server, v.Severity, v.Reasons, null, null, null, null, null, [],
                null, null, inspectionReport)
                { Logs = logs, Drill = v.Drill, Offsite = v.Offsite };

        var volume = o.Volume is { } vol ? new VolumeReport(vol.FreeBytes, vol.TotalBytes, v.HeadroomRatio) : null;
        var pitr = v.Pitr is { } p ? new PitrReport(p.Ok, p.Reason, p.WindowStart) : null;
        return new BackupSetReport(set.Name, Kind(set), set.Path, set.Server, v.Severity, v.Reasons, v.Overdue, v.NextExpected,
            Artifact(v.NewestFinished), Artifact(v.LastSuccess),
            new ArtifactCounts(v.Count(ArtifactStatus.Ok), v.Count(ArtifactStatus.Failed),
                v.Count(ArtifactStatus.InProgress), v.RetainedBytes),
            v.Artifacts.Where(a => a.Status == ArtifactStatus.Failed).Reverse().Take(MaxFailedListed)
                .Select(a => new FailedArtifactReport(a.Name, a.ModifiedTime, a.FirstFailure!.Value.Key, a.FirstFailure.Value.Value.Detail))
                    .ToList(),
            volume, pitr, inspectionReport) { Logs = logs, LastFailure = v.LastFailure, Drill = v.Drill, Offsite = v.Offsite };
    }

    private static string Kind(BackupSetConfig set) => set.Kind.Word();

    private static ArtifactReport? Artifact(JudgedArtifact? a) => a is null ? null : new ArtifactReport(
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
