using BackupExporter.Platform;
using BackupExporter.Configuration;
using BackupExporter.Restore.Formats;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Artifacts;
using BackupExporter.Inspection.Drills;

namespace BackupExporter.Restore.Binlog;

/// <summary>Where a replay starts: the binlog file and position the artifact is consistent with, and when it was taken.</summary>
internal sealed record BinlogStart(string File, long Position, DateTimeOffset TakenAt)
{
    /// <summary>
    /// Reads the coordinates an artifact records, with the readers the set's own inspection uses: a dump's
    /// <c>CHANGE MASTER TO MASTER_LOG_FILE=…, MASTER_LOG_POS=…</c> (written by <c>--master-data</c>), a physical
    /// backup's <c>xtrabackup_binlog_info</c>, mydumper's <c>metadata</c>, a MySQL Shell dump's <c>@.json</c>.
    /// The time is the one the tool recorded, else the artifact's modification time.
    /// </summary>
    public static BinlogStart Read(BackupSetConfig set, string artifact, CancellationToken cancellationToken)
    {
        ArtifactFacts? facts;
        try
        {
            facts = (RestoreFormats.Of(set.Kind)?.ReplayStart
                ?? throw new DrillFailedException(DrillPhases.Restore, $"binlog replay: a {set.Kind.Word()} set has no "
                    + $"artifact to replay from"))
                (set, artifact, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DrillFailedException(DrillPhases.Restore, $"binlog replay: {ReadProblem.Describe(artifact, e)}");
        }
        if (facts?.BinlogFile is not { } file || facts.BinlogPosition is not { } position)
            throw new DrillFailedException(DrillPhases.Restore, $"binlog replay: {artifact} records no binlog coordinates"
                + " (a dump needs --master-data or --source-data; a physical backup needs binary logging on the server it copied)");
        var takenAt = facts.EndedAt ?? ToolTime.Parse(facts.CompletedAt, set.TimeZone) ?? new DateTimeOffset(Directory.Exists(artifact)
            ? Directory.GetLastWriteTimeUtc(artifact) : System.IO.File.GetLastWriteTimeUtc(artifact), TimeSpan.Zero);
        return new BinlogStart(file, position, takenAt);
    }
}
