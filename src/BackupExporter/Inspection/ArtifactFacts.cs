namespace BackupExporter.Inspection;

/// <summary>
/// What an artifact says about itself, whatever wrote it: whether the tool finished, which tool and server, and the
/// binary log coordinates it is consistent with (kept for PITR). Dumps fill the positional fields from their header and
/// footer; physical backups and history rows also know when they started, their type and their LSN range.
/// </summary>
internal sealed record ArtifactFacts(
    bool Completed,
    string? CompletedAt,
    string? Tool,
    string? ServerVersion,
    string? BinlogFile,
    long? BinlogPosition,
    string? Gtid)
{
    /// <summary>When the tool started, where it records it; with the artifact's end time this gives the duration.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the tool finished, where it records it (physical backups: <c>end_time</c> of xtrabackup_info).</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The tool's own word for the backup: <c>full-backuped</c>, <c>incremental</c>, <c>full-prepared</c>, <c>FULL</c>...</summary>
    public string? BackupType { get; init; }

    /// <summary>InnoDB LSN range of a physical backup: an incremental's <see cref="FromLsn"/> is its base's <see cref="ToLsn"/>.</summary>
    public long? FromLsn { get; init; }

    public long? ToLsn { get; init; }

    /// <summary>An incremental backup: it restores only on top of its base.</summary>
    public bool Incremental => BackupType is { } type && type.Contains("incremental", StringComparison.OrdinalIgnoreCase);

    public TimeSpan? Duration => StartedAt is { } start && EndedAt is { } end && end >= start ? end - start : null;
}
