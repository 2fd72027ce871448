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
}

/// <param name="StateFile">where log offsets are kept across restarts; null: the default under the state directory</param>
/// <param name="StateGroup">a group that may read run status files and the state directory (0640/0750); null: the owner alone</param>
internal sealed record GlobalConfig(TimeSpan Interval, TimeSpan Timeout, TimeSpan SettleTime, string? StateFile = null,
    string? StateGroup = null)
{
    /// <summary>The address of docs/runbooks.md that the status page links reasons to; null: the release's own on GitHub.</summary>
    public string? RunbookUrl { get; init; }

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

internal sealed record ServerConfig(
    string Name,
    string? Host,
    int Port,
    string? Socket,
    string? User,
    string? PasswordFile,
    string? MyCnf,
    string? BinlogDirectory,
    string? ErrorLog,
    TimeSpan Interval,
    TimeSpan Timeout,
    TlsConfig? Tls = null);

/// <summary>How the connection to a server is encrypted and verified (MySQL's ssl-mode and ssl-ca/cert/key).</summary>
internal enum TlsMode { Disabled, Preferred, Required, VerifyCa, VerifyIdentity }

internal sealed record TlsConfig(TlsMode Mode, string? CaFile, string? CertFile, string? KeyFile);

/// <summary>One backup set. Paths are absolute (relative ones are resolved against the config file's directory).</summary>
internal sealed record BackupSetConfig(
    string Name,
    string? Server,
    BackupKind Kind,
    string Path,
    GlobPattern Pattern,
    CronExpression? Schedule,
    string? ScheduleText,
    TimeZoneInfo TimeZone,
    TimeSpan Grace,
    ChecksumMode Checksum,
    long MinSizeBytes,
    double? MaxShrink,
    string? Log,
    TimeSpan Interval,
    TimeSpan Timeout,
    TimeSpan SettleTime,
    string? RunStatus = null)
{
    /// <summary>The set's restore drill; null: none configured.</summary>
    public RestoreTestConfig? RestoreTest { get; init; }

    /// <summary>The set's off-site copies, each checked through rclone.</summary>
    public IReadOnlyList<OffsiteConfig> Offsite { get; init; } = [];
}
