using BackupExporter.Configuration;
using BackupExporter.Inspection.Logs;
using BackupExporter.Metrics;
using BackupExporter.Reporting;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Metrics;

public sealed class JobLogSeriesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static string Render(LogObservation cron, BackupSetConfig set, LogConfig log)
    {
        var parts = new BackupSetParts(set, null, null, null, null, [(log, cron, null)]);
        var group = BackupSetSeries.Render(SetVerdicts.Decide(parts, Now), parts.Sources);
        return group.Text;
    }

    private static LogObservation Cron(LogConfig log, DateTimeOffset followingSince, params DateTimeOffset[] starts) =>
        new() { Name = "log:" + log.Path, ObservedAt = Now, Log = log, JobStarts = starts, FollowingSince = followingSince };

    [Fact]
    public void A_scheduled_start_without_a_job_start_within_grace_is_missed()
    {
        var set = TestSets.Mysqldump("/b", name: "nightly", schedule: "0 2 * * *", grace: TimeSpan.FromHours(1));
        var log = new LogConfig("/var/log/syslog", LogKind.Cron, "nightly", null, "backup.sh", TimeSpan.FromMinutes(1), TimeZoneInfo.Utc);
        var since = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero); // starts due on the 22nd, 23rd, 24th and 25th, 02:00

        var started = new[] { since.AddHours(2).AddSeconds(1), since.AddDays(1).AddHours(2).AddSeconds(59), since.AddDays(3)
            .AddHours(2).AddMinutes(50) };
        var text = Render(Cron(log, since, started), set, log);
        Assert.Equal(1, MetricsText.Value(text, """mysql_backup_cron_missed_runs{backup="nightly"}""")); // the 24th
        Assert.Equal(started[^1].ToUnixTimeSeconds(),
            MetricsText.Value(text, """mysql_backup_cron_last_start_timestamp_seconds{backup="nightly"}"""));

        // A start later than grace does not make up for the scheduled one; a start not yet due is not judged.
        var late = Render(Cron(log, since, since.AddHours(4), since.AddDays(1).AddHours(2), since.AddDays(2).AddHours(2), since.AddDays(3)
            .AddHours(2)), set, log);
        Assert.Equal(1, MetricsText.Value(late, """mysql_backup_cron_missed_runs{backup="nightly"}"""));
        Assert.Equal(0, MetricsText.Value(Render(Cron(log, Now.AddMinutes(-30)), set, log),
            """mysql_backup_cron_missed_runs{backup="nightly"}"""));
    }
}
