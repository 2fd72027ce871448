using Cronos;

namespace BackupExporter.Configuration;

/// <summary>The validated configuration. Built only by <see cref="ConfigLoader"/>; every value is checked.</summary>
internal sealed record ExporterConfig(
    string SourcePath,
    GlobalConfig Global,
    IReadOnlyList<ServerConfig> Servers,
    IReadOnlyList<BackupSetConfig> Backups)
{
    /// <summary>
    /// Every log to follow: the entries of <c>logs</c>, each backup set's <c>log</c> and each server's
    /// <c>error_log</c>. A path appears once: two readers of one log would count its lines twice.
    /// </summary>
    public IReadOnlyList<LogConfig> Logs { get; init; } = [];

    /// <summary>What still works but should change (deprecated keys), located like errors; check-config and serve say them.</summary>
    public IReadOnlyList<ConfigError> Warnings { get; init; } = [];
}

/// <param name="StateFile">where log offsets are kept across restarts; null: the default under the state directory</param>
/// <param name="StateGroup">a group that may read run status files and the state directory (0640/0750); null: the owner alone</param>
internal sealed record GlobalConfig(TimeSpan Interval, TimeSpan Timeout, TimeSpan SettleTime, string? StateFile = null,
    string? StateGroup = null)
{
    /// <summary>The address of docs/runbooks.md that the status page links reasons to; null: the release's own on GitHub.</summary>
    public string? RunbookUrl { get; init; }

    /// <summary>The re-verification every set gets unless it says otherwise; null: off.</summary>
    public ReverifyConfig? Reverify { get; init; }
    /// <summary>The recovery-point objective of every set that sets none; null: none.</summary>
    public TimeSpan? Rpo { get; init; }

    /// <summary>The recovery-time objective of every set that sets none; null: none.</summary>
    public TimeSpan? Rto { get; init; }

    public static readonly GlobalConfig Default = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));
}

/// <summary>
/// One log to follow. <see cref="Backup"/> links a job or cron log to its set, <see cref="Server"/> an error log to
/// its server; <see cref="Match"/> is the substring of the job's command in a cron log.
/// </summary>
internal sealed record LogConfig(string Path, LogKind Kind, string? Backup, string? Server, string? Match,
    TimeSpan Interval, TimeZoneInfo TimeZone)
{
    /// <summary>The value of the <c>source</c> label: mysqldump, xtrabackup, cron, mysql_error or run.</summary>
    public string Source => LogKinds.Name(Kind);
}

internal enum ChecksumMode { Auto, None, Md5, Sha256 }

/// <summary>One server; the reader fills every key, a key the configuration leaves out gets the reader's default.</summary>
internal sealed record ServerConfig
{
    public required string Name { get; init; }

    public string? Host { get; init; }

    public int Port { get; init; } = ServerConfigReader.DefaultPort;

    public string? Socket { get; init; }

    public string? User { get; init; }

    public string? PasswordFile { get; init; }

    public string? MyCnf { get; init; }

    public string? BinlogDirectory { get; init; }

    public string? ErrorLog { get; init; }

    public required TimeSpan Interval { get; init; }

    public required TimeSpan Timeout { get; init; }

    public TlsConfig? Tls { get; init; }

    /// <summary>The directory a binlog archiver fills; null: none configured.</summary>
    public BinlogArchiveConfig? BinlogArchive { get; init; }
}

/// <summary>How the connection to a server is encrypted and verified (MySQL's ssl-mode and ssl-ca/cert/key).</summary>
internal enum TlsMode { Disabled, Preferred, Required, VerifyCa, VerifyIdentity }

internal sealed record TlsConfig(TlsMode Mode, string? CaFile, string? CertFile, string? KeyFile);

/// <summary>One backup set. Paths are absolute (relative ones are resolved against the config file's directory).</summary>
internal sealed record BackupSetConfig
{
    public required string Name { get; init; }

    /// <summary>The server the set is linked to; null: none.</summary>
    public string? Server { get; init; }

    public required BackupKind Kind { get; init; }

    /// <summary>The directory of the artifacts; empty for the kinds that read a server's history table.</summary>
    public required string Path { get; init; }

    public required GlobPattern Pattern { get; init; }

    public CronExpression? Schedule { get; init; }

    /// <summary>The schedule as written in the configuration; null without one.</summary>
    public string? ScheduleText { get; init; }

    public required TimeZoneInfo TimeZone { get; init; }

    public TimeSpan Grace { get; init; } = BackupSetConfigReader.DefaultGrace;

    public ChecksumMode Checksum { get; init; } = ChecksumMode.Auto;

    public long MinSizeBytes { get; init; }

    public double? MaxShrink { get; init; }

    /// <summary>The set's job log; null: none.</summary>
    public string? Log { get; init; }

    public required TimeSpan Interval { get; init; }

    public required TimeSpan Timeout { get; init; }

    public required TimeSpan SettleTime { get; init; }

    /// <summary>The run wrapper's status file; null: the wrapper's default path.</summary>
    public string? RunStatus { get; init; }

    /// <summary>How old the set's recovery point may be (its own <c>rpo</c>, else the global one); null: no objective.</summary>
    public TimeSpan? Rpo { get; init; }

    /// <summary>
    /// How long a restore of the set may take: its own <c>rto</c>, else the deprecated <c>restore_test.rto</c>, else the global
    /// one; null: no objective.
    /// </summary>
    public TimeSpan? Rto { get; init; }

    /// <summary>The set's restore drill; null: none configured.</summary>
    public RestoreTestConfig? RestoreTest { get; init; }

    /// <summary>The set's off-site copies, each checked through rclone.</summary>
    public IReadOnlyList<OffsiteConfig> Offsite { get; init; } = [];

    /// <summary>The set's retention promise; null: none made.</summary>
    public RetentionConfig? Retention { get; init; }
    /// <summary>The set's rotating re-verification; null: off (and always for the history-table kinds).</summary>
    public ReverifyConfig? Reverify { get; init; }
}
