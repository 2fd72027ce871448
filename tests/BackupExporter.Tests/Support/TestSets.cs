using BackupExporter.Configuration;
using Cronos;

namespace BackupExporter.Tests.Support;

/// <summary>Backup set configurations for tests, with the loader's defaults unless a test says otherwise.</summary>
internal static class TestSets
{
    public static BackupSetConfig Mysqldump(
        string path,
        string name = "nightly",
        string pattern = "*.sql*",
        string? schedule = null,
        TimeSpan? grace = null,
        ChecksumMode checksum = ChecksumMode.Auto,
        long minSize = 0,
        double? maxShrink = null,
        TimeSpan? settle = null,
        TimeZoneInfo? zone = null)
    {
        if (!GlobPattern.TryParse(pattern, out var glob, out var error))
            throw new ArgumentException(error);
        return new BackupSetConfig
        {
            Name = name,
            Kind = BackupKind.Mysqldump,
            Path = path,
            Pattern = glob!,
            Schedule = schedule is null ? null : CronExpression.Parse(schedule),
            ScheduleText = schedule,
            TimeZone = zone ?? TimeZoneInfo.Utc,
            Grace = grace ?? TimeSpan.FromHours(1),
            Checksum = checksum,
            MinSizeBytes = minSize,
            MaxShrink = maxShrink,
            Interval = TimeSpan.FromSeconds(60),
            Timeout = TimeSpan.FromSeconds(30),
            SettleTime = settle ?? TimeSpan.Zero,
        };
    }

    public static ExporterConfig Config(params BackupSetConfig[] sets) =>
        new("test.yml", GlobalConfig.Default, [], sets);
}
