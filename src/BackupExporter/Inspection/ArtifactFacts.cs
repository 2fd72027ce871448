namespace BackupExporter.Inspection;

/// <summary>
/// What an artifact says about itself, whatever wrote it: whether the tool finished, which tool and server, and the
/// binary log coordinates it is consistent with (kept for PITR). Dumps fill the positional fields from their header and
/// footer; physical backups and history rows also know when they started, their type and their LSN range, kept in a
/// <see cref="RecordedRun"/> of their own so that the facts of a plain dump stay small. The tool, server version and
/// binlog file are shared strings (<see cref="SharedText"/>): thousands of dumps repeat them.
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
    private readonly RecordedRun? _run;

    public string? Tool { get; init; } = SharedText.Of(Tool);

    public string? ServerVersion { get; init; } = SharedText.Of(ServerVersion);

    public string? BinlogFile { get; init; } = SharedText.Of(BinlogFile);

    /// <summary>When the tool started, where it records it; with the artifact's end time this gives the duration.</summary>
    public DateTimeOffset? StartedAt
    {
        get => _run?.StartedAt;
        init => _run = (_run ?? RecordedRun.None) with { StartedAt = value };
    }

    /// <summary>When the tool finished, where it records it (physical backups: <c>end_time</c> of xtrabackup_info).</summary>
    public DateTimeOffset? EndedAt
    {
        get => _run?.EndedAt;
        init => _run = (_run ?? RecordedRun.None) with { EndedAt = value };
    }

    /// <summary>
    /// The tool's own word for the backup: <c>full-backuped</c>, <c>incremental</c>, <c>full-prepared</c>, <c>FULL</c>...
    /// </summary>
    public string? BackupType
    {
        get => _run?.BackupType;
        init => _run = (_run ?? RecordedRun.None) with { BackupType = SharedText.Of(value) };
    }

    /// <summary>InnoDB LSN range of a physical backup: an incremental's <see cref="FromLsn"/> is its base's <see cref="ToLsn"/>.</summary>
    public long? FromLsn
    {
        get => _run?.FromLsn;
        init => _run = (_run ?? RecordedRun.None) with { FromLsn = value };
    }

    public long? ToLsn
    {
        get => _run?.ToLsn;
        init => _run = (_run ?? RecordedRun.None) with { ToLsn = value };
    }

    /// <summary>An incremental backup: it restores only on top of its base.</summary>
    public bool Incremental => BackupType is { } type && type.Contains("incremental", StringComparison.OrdinalIgnoreCase);

    public TimeSpan? Duration => StartedAt is { } start && EndedAt is { } end && end >= start ? end - start : null;
}

/// <summary>What a tool recorded of its run beyond a dump's header and footer: start, end, backup type, LSN range.</summary>
internal sealed record RecordedRun(DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, string? BackupType, long? FromLsn, long? ToLsn)
{
    public static readonly RecordedRun None = new(null, null, null, null, null);
}
