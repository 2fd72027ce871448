namespace BackupExporter.Reporting;

/// <summary>How bad a backup set's state is, in Nagios terms (the numbers are the plugin exit codes).</summary>
internal enum Severity { Ok = 0, Warning = 1, Critical = 2, Unknown = 3 }

/// <summary>One backup set judged for people: the status page, /api/v1/status and <c>verify</c> all show this.</summary>
/// <remarks>The properties' order is the order of the keys in JSON.</remarks>
internal sealed record BackupSetReport
{
    public required string Name { get; init; }

    public required string Kind { get; init; }

    public required string Path { get; init; }

    public string? Server { get; init; }

    public required Severity Severity { get; init; }

    public required IReadOnlyList<Reason> Reasons { get; init; }

    /// <summary>To what point the set can be restored, how fast, against which objective; null until first inspected.</summary>
    public RecoveryReport? Recovery { get; init; }

    public bool? Overdue { get; init; }

    public DateTimeOffset? NextExpected { get; init; }

    public ArtifactReport? NewestFinished { get; init; }

    public ArtifactReport? LastSuccess { get; init; }

    /// <summary>
    /// Where the time of the artifact the set's ages count from comes from: <c>recorded</c> (its tool's record) or
    /// <c>file</c> (the tool recorded nothing usable); null while there is no finished artifact.
    /// </summary>
    public string? TimeSource { get; init; }

    public ArtifactCounts? Artifacts { get; init; }

    public IReadOnlyList<FailedArtifactReport> FailedArtifacts { get; init; } = [];

    public VolumeReport? Volume { get; init; }

    public PitrReport? Pitr { get; init; }

    public InspectionReport? Inspection { get; init; }

    /// <summary>The set's job and cron logs, and the run wrapper's status file when there is one.</summary>
    public IReadOnlyList<LogReport> Logs { get; init; } = [];

    /// <summary>End of the newest failed attempt: a failed artifact, a failed run in a log or in the run wrapper's status file.</summary>
    public DateTimeOffset? LastFailure { get; init; }

    /// <summary>The set's restore drills; null for a set without restore_test and without a drill history.</summary>
    public DrillReport? Drill { get; init; }

    /// <summary>The set's off-site copies, one per remote of its <c>offsite</c> list.</summary>
    public IReadOnlyList<OffsiteReport> Offsite { get; init; } = [];

    /// <summary>The set's retention promise held against its artifacts; null without <c>retention</c>.</summary>
    public Retention.RetentionReport? Retention { get; init; }

    /// <summary>Good artifacts removed too early, oldest first.</summary>
    public IReadOnlyList<Retention.RemovedArtifactReport> RemovedTooEarly { get; init; } = [];

    /// <summary>The newest good artifact against the set's own history; null without a good artifact.</summary>
    public Retention.ChangeRateReport? ChangeRate { get; init; }
    /// <summary>The set's rotating re-verification; absent (not null) for a set without <c>reverify</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ReverifyReport? Reverify { get; init; }
}

/// <summary>Point-in-time-recovery coverage of a set linked to a server; <see cref="Reason"/> says why not.</summary>
internal sealed record PitrReport(bool Ok, string? Reason, DateTimeOffset? WindowStart);

/// <summary>A retained artifact that failed, with its first failed check: older failures stay visible too.</summary>
/// <remarks><c>Modified</c> is the file time, <c>Time</c> the artifact's time (its tool's record, else the file time).</remarks>
internal sealed record FailedArtifactReport(string Name, DateTimeOffset Modified, DateTimeOffset Time, string Check, string? Detail);

/// <remarks>The properties' order is the order of the keys in JSON.</remarks>
internal sealed record ArtifactReport
{
    public required string Name { get; init; }

    public required string Path { get; init; }

    public required long SizeBytes { get; init; }

    /// <summary>The file time (of a directory: its newest file).</summary>
    public required DateTimeOffset Modified { get; init; }

    /// <summary>The artifact's time for every age: its tool's record (<c>recorded</c>), else the file time.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary><c>recorded</c> or <c>file</c>.</summary>
    public required string TimeSource { get; init; }

    /// <summary>Why the tool's record of the time was not used; null when it was or there is none.</summary>
    public string? TimeProblem { get; init; }

    public required string Status { get; init; }

    public required IReadOnlyDictionary<string, CheckReport> Checks { get; init; }

    public string? ServerVersion { get; init; }

    public string? BinlogFile { get; init; }

    public long? BinlogPosition { get; init; }

    public string? Gtid { get; init; }

    /// <summary>
    /// The tool's word for the backup (full-backuped, incremental, full-prepared, log-applied, FULL...), where it records one.
    /// </summary>
    public string? BackupType { get; init; }

    public DateTimeOffset? Started { get; init; }

    public double? DurationSeconds { get; init; }
}

internal sealed record CheckReport(bool Ok, string? Detail);

internal sealed record ArtifactCounts(int Ok, int Failed, int InProgress, long RetainedBytes);

internal sealed record VolumeReport(long FreeBytes, long SizeBytes, double? HeadroomRatio);

internal sealed record InspectionReport(bool Success, string? Error, DateTimeOffset LastRun, DateTimeOffset? LastSuccess,
    double DurationSeconds);

/// <summary>A server as the status page shows it; <see cref="Problems"/> lists what could not be read and why.</summary>
/// <remarks>Null where not known (not inspected yet, or down); the properties' order is the order of the keys in JSON.</remarks>
internal sealed record ServerReport
{
    public required string Name { get; init; }

    /// <summary>The best of the server's sets in each scope; null for a server no set names.</summary>
    public RecoveryReport? Recovery { get; init; }

    public bool? Up { get; init; }

    public string? Error { get; init; }

    public string? Version { get; init; }

    public string? Flavor { get; init; }

    public bool? BinlogEnabled { get; init; }

    public int? BinlogFiles { get; init; }

    public double? BinlogRetentionSeconds { get; init; }

    public DateTimeOffset? OldestBinlog { get; init; }

    public IReadOnlyDictionary<string, int>? BlockedThreads { get; init; }

    public int? BackupSessions { get; init; }

    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>The server's error log: lines by class since the exporter began following it.</summary>
    public LogReport? ErrorLog { get; init; }

    /// <summary>The server's binlog archive; null without <c>binlog_archive</c>.</summary>
    public BinlogArchiveReport? BinlogArchive { get; init; }
}

/// <summary>The whole answer of /api/v1/status and <c>verify --output=json</c>.</summary>
internal sealed record StatusReport(string Version, DateTimeOffset GeneratedAt, bool Ready, Severity Severity,
    IReadOnlyList<BackupSetReport> Backups, IReadOnlyList<ServerReport> Servers);
