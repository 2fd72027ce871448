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
        return new BackupSetConfig(
            name, null, BackupKind.Mysqldump, path, glob!,
            schedule is null ? null : CronExpression.Parse(schedule), schedule, zone ?? TimeZoneInfo.Utc,
            grace ?? TimeSpan.FromHours(1), checksum, minSize, maxShrink, null,
            TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30), settle ?? TimeSpan.Zero);
    }

    public static ExporterConfig Config(params BackupSetConfig[] sets) =>
        new("test.yml", GlobalConfig.Default, [], sets);
}
