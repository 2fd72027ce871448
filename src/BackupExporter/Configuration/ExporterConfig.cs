using Cronos;

namespace BackupExporter.Configuration;

/// <summary>The validated configuration. Built only by <see cref="ConfigLoader"/>; every value is checked.</summary>
internal sealed record ExporterConfig(
    string SourcePath,
    GlobalConfig Global,
    IReadOnlyList<ServerConfig> Servers,
    IReadOnlyList<BackupSetConfig> Backups);

internal sealed record GlobalConfig(TimeSpan Interval, TimeSpan Timeout, TimeSpan SettleTime)
{
    public static readonly GlobalConfig Default = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));
}

internal enum BackupKind { Mysqldump, Xtrabackup, Mariabackup, Mydumper, Mysqlsh, Meb, XtrabackupHistory }

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
    TimeSpan SettleTime);
