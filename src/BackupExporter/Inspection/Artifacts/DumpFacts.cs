namespace BackupExporter.Inspection.Artifacts;

/// <summary>
/// What a mysqldump / mariadb-dump file says about itself: whether it finished, who wrote it, and the binary log
/// coordinates it was consistent with (from <c>--master-data</c> / <c>--source-data</c>), kept for PITR.
/// </summary>
internal sealed record DumpFacts(
    bool Completed,
    string? CompletedAt,
    string? DumpTool,
    string? ServerVersion,
    string? BinlogFile,
    long? BinlogPosition,
    string? Gtid);
