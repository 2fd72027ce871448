using System.Globalization;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Logs;

/// <summary>
/// <c>kind: cron</c> through a running exporter. The cron daemon is not run here: the syslog lines are written in the
/// format Debian's cron writes them (REFERENCE.md, "cron (Debian syslog)"), including another job's lines around them.
/// </summary>
public sealed class CronLogTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("backup-exporter-cron-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await ProcessRunner.RunAsync("rm", ["-rf", _root]);

    /// <summary>Syslog's time: <c>Nov  5 02:00:01</c>, the day padded with a space.</summary>
    private static string Syslog(DateTimeOffset t, string rest) =>
        string.Create(CultureInfo.InvariantCulture, $"{t.UtcDateTime:MMM} {t.UtcDateTime.Day,2} {t.UtcDateTime:HH:mm:ss} db1 {rest}\n");

    [Fact]
    public async Task The_jobs_starts_are_seen_and_another_jobs_lines_are_not_its()
    {
        var dumps = Directory.CreateDirectory(Path.Combine(_root, "dumps")).FullName;
        var cron = Path.Combine(_root, "syslog");
        var started = DateTimeOffset.UtcNow.AddMinutes(-3);
        started = started.AddTicks(-(started.Ticks % TimeSpan.TicksPerSecond));
        await File.WriteAllTextAsync(cron,
            Syslog(started.AddMinutes(-1), "CRON[12000]: (root) CMD (/usr/local/bin/rotate-logs.sh)")
            + Syslog(started, "CRON[12344]: (root) CMD (/usr/local/bin/backup.sh >> /backup/backup_error.log 2>&1)")
            + Syslog(started.AddSeconds(20), "CRON[12343]: (CRON) info (No MTA installed, discarding output)"));
        var config = await new ConfigBuilder()
            .Global(g => g.Interval("1s").StateFile($"{_root}/state/offsets.json"))
            .Backup("nightly", SetKind.Mysqldump, dumps, b => b.Schedule("0 2 * * *").Timezone("UTC"))
            .Log(cron, "cron", l => l.Backup("nightly").Match("backup.sh"))
            .WriteToAsync(Path.Combine(_root, "exporter.yml"));
        await using var exporter = await ExporterProcess.StartAsync(config);
        var nightly = ("backup", "nightly");

        var m = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_cron_last_start_timestamp_seconds", nightly) > 0,
            "the job's start is seen");
        Assert.Equal(started.ToUnixTimeSeconds(), m.Value("mysql_backup_cron_last_start_timestamp_seconds", nightly));
        Assert.Equal(0, m.Value("mysql_backup_cron_missed_runs", nightly)); // nothing was scheduled since the log is followed
        Assert.Equal(1, m.Value("mysql_backup_cron_starts_seen", nightly)); // the other job's line is not this job's

        var next = started.AddMinutes(2);
        await File.AppendAllTextAsync(cron, Syslog(next, "CRON[12999]: (root) CMD (/usr/local/bin/backup.sh >> "
            + "/backup/backup_error.log 2>&1)"));
        var again = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_cron_last_start_timestamp_seconds",
            nightly) == next.ToUnixTimeSeconds(),
            "a new start of the job is seen");
        Assert.Equal(2, again.Value("mysql_backup_cron_starts_seen", nightly));
    }
}
