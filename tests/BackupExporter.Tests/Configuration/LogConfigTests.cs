using BackupExporter.Configuration;

namespace BackupExporter.Tests.Configuration;

public sealed class LogConfigTests
{
    private const string Sets = """
        servers:
          - name: db
            socket: /run/mysqld/mysqld.sock
            error_log: /var/log/mysql/error.log
        backups:
          - name: nightly
            kind: mysqldump
            path: /backup/nightly
            log: /backup/nightly.log
          - name: physical
            kind: mariabackup
            path: /backup/physical
        """;

    [Fact]
    public void Every_followed_log_is_in_one_list_with_its_kind_and_owner()
    {
        var (config, errors) = ConfigLoader.Parse(Sets + """

            logs:
              - path: /var/log/syslog
                kind: cron
                backup: nightly
                match: backup.sh
              - path: /backup/physical.log
                kind: mariabackup
                backup: physical
                interval: 5m
            """, ConfigErrors.Source);
        Assert.Empty(errors);
        Assert.Equal(
            [("/backup/nightly.log", "mysqldump", "nightly", null), ("/var/log/mysql/error.log", "mysql_error", null, "db"),
             ("/var/log/syslog", "cron", "nightly", null), ("/backup/physical.log", "xtrabackup", "physical", null)],
            config!.Logs.Select(l => (l.Path, l.Source, l.Backup, l.Server)));
        Assert.Equal(TimeSpan.FromMinutes(5), config.Logs[^1].Interval);
        Assert.Equal("backup.sh", config.Logs[2].Match);
    }

    [Theory]
    [InlineData("""
        logs:
          - path: /backup/nightly.log
            kind: mysqldump
            backup: physical
        """, "14:5: logs[0]: log /backup/nightly.log is already followed for backups \"nightly\" log; a log is read once (its "
            + "lines would count twice)")]
    [InlineData("""
        logs:
          - path: /backup/other.log
            kind: mysqldump
            backup: nightly
        """, "14:5: logs[0]: backup set \"nightly\" already has a mysqldump log; give each set one log of each kind")]
    [InlineData("""
        logs:
          - path: /var/log/syslog
            kind: cron
            backup: nightly
        """, "14:5: logs[0]: missing required key \"match\" (a part of the job's command line as cron logs it, e.g. the script name)")]
    [InlineData("""
        logs:
          - path: /var/log/mysql/replica.err
            kind: mysql_error
        """, "14:5: logs[0]: missing required key \"server\" (the server whose error log this is)")]
    [InlineData("""
        logs:
          - path: /var/log/x.log
            kind: mysqldumb
            backup: nightly
        """, "15:11: logs[0]: kind \"mysqldumb\" is not a log kind (use mysqldump, xtrabackup, mariabackup, cron, mysql_error, run); "
            + "did you mean \"mysqldump\"?")]
    [InlineData("""
        logs:
          - path: /var/log/x.log
            kind: run
            backup: nighty
        """, "16:13: logs[0]: backup set \"nighty\" is not configured under backups; did you mean \"nightly\"?")]
    public void A_wrong_log_entry_is_reported_where_it_is(string logs, string error)
    {
        Assert.Equal([error], ConfigErrors.Of(Sets + "\n" + logs));
    }
}
