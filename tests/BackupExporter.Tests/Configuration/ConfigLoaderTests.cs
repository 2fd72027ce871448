using BackupExporter.Configuration;

namespace BackupExporter.Tests.Configuration;

/// <summary>Valid files: the values that come out, defaults and inheritance included.</summary>
public sealed class ConfigLoaderTests
{
    private const string Source = "/etc/backup-exporter/backup-exporter.yml";

    private static ExporterConfig Valid(string yaml, string source = Source)
    {
        var (config, errors) = ConfigLoader.Parse(yaml, source);
        Assert.Empty(errors.Select(e => e.ToString()));
        return Assert.IsType<ExporterConfig>(config);
    }

    [Fact]
    public void MinimalBackupSetGetsEveryDefault()
    {
        var config = Valid("""
            backups:
              - name: nightly
                kind: mysqldump
                path: /backup/mysql
            """);

        Assert.Equal(Source, config.SourcePath);
        Assert.Equal(GlobalConfig.Default, config.Global);
        Assert.Empty(config.Servers);
        var backup = Assert.Single(config.Backups);
        Assert.Equal("nightly", backup.Name);
        Assert.Null(backup.Server);
        Assert.Equal(BackupKind.Mysqldump, backup.Kind);
        Assert.Equal("/backup/mysql", backup.Path);
        Assert.Equal("*.sql*", backup.Pattern.Text);
        Assert.Null(backup.Schedule);
        Assert.Null(backup.ScheduleText);
        Assert.Equal(TimeZoneInfo.Local, backup.TimeZone);
        Assert.Equal(TimeSpan.FromHours(1), backup.Grace);
        Assert.Equal(ChecksumMode.Auto, backup.Checksum);
        Assert.Equal(0, backup.MinSizeBytes);
        Assert.Null(backup.MaxShrink);
        Assert.Null(backup.Log);
        Assert.Equal(TimeSpan.FromSeconds(60), backup.Interval);
        Assert.Equal(TimeSpan.FromSeconds(30), backup.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(60), backup.SettleTime);
    }

    [Fact]
    public void EveryBackupSetKeyIsRead()
    {
        var config = Valid("""
            servers:
              - name: primary
                host: db1.example.com
            backups:
              - name: nightly
                server: primary
                kind: mysqldump
                path: /backup/mysql/
                pattern: "*.sql.gz"
                schedule: "30 2 * * 1-5"
                timezone: Europe/Berlin
                grace: 1h30m
                checksum: sha256
                min_size: 1.5GiB
                max_shrink: 25%
                log: /backup/backup_error.log
                interval: 5m
                timeout: 2m
                settle_time: 0s
            """);

        var backup = Assert.Single(config.Backups);
        Assert.Equal("primary", backup.Server);
        Assert.Equal("/backup/mysql", backup.Path);
        Assert.True(backup.Pattern.IsMatch("all-2024-01-01.sql.gz"));
        Assert.False(backup.Pattern.IsMatch("all-2024-01-01.sql.gz.sha256"));
        Assert.Equal("30 2 * * 1-5", backup.ScheduleText);
        Assert.Equal("Europe/Berlin", backup.TimeZone.Id);
        // 02:30 in Berlin in winter (UTC+1) is 01:30 UTC; 2025-01-06 is a Monday.
        Assert.Equal(new DateTime(2025, 1, 6, 1, 30, 0, DateTimeKind.Utc),
            backup.Schedule!.GetNextOccurrence(new DateTime(2025, 1, 4, 0, 0, 0, DateTimeKind.Utc), backup.TimeZone));
        Assert.Equal(TimeSpan.FromMinutes(90), backup.Grace);
        Assert.Equal(ChecksumMode.Sha256, backup.Checksum);
        Assert.Equal(1536L * 1024 * 1024, backup.MinSizeBytes);
        Assert.Equal(0.25, backup.MaxShrink);
        Assert.Equal("/backup/backup_error.log", backup.Log);
        Assert.Equal(TimeSpan.FromMinutes(5), backup.Interval);
        Assert.Equal(TimeSpan.FromMinutes(2), backup.Timeout);
        Assert.Equal(TimeSpan.Zero, backup.SettleTime);
    }

    [Fact]
    public void RelativePathsAreResolvedAgainstTheConfigFilesDirectory()
    {
        var config = Valid("""
            servers:
              - name: local
                socket: run/mysqld.sock
                my_cnf: ../secrets/backup.cnf
                binlog_directory: /var/lib/mysql
            backups:
              - name: a
                kind: mysqldump
                path: dumps/nightly
                log: ../../var/log/backup.log
              - name: b
                kind: mysqldump
                path: ./dumps/../weekly/
            """, "/srv/exporter/conf/backup-exporter.yml");

        Assert.Equal("/srv/exporter/conf/backup-exporter.yml", config.SourcePath);
        Assert.Equal("/srv/exporter/conf/dumps/nightly", config.Backups[0].Path);
        Assert.Equal("/srv/var/log/backup.log", config.Backups[0].Log);
        Assert.Equal("/srv/exporter/conf/weekly", config.Backups[1].Path);
        var server = Assert.Single(config.Servers);
        Assert.Equal("/srv/exporter/conf/run/mysqld.sock", server.Socket);
        Assert.Equal("/srv/exporter/secrets/backup.cnf", server.MyCnf);
        Assert.Equal("/var/lib/mysql", server.BinlogDirectory);
    }

    [Fact]
    public void RelativeSourcePathIsResolvedAgainstTheWorkingDirectory()
    {
        var config = Valid("backups: [{name: a, kind: mysqldump, path: dumps}]", "backup-exporter.yml");

        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "backup-exporter.yml"), config.SourcePath);
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "dumps"), config.Backups[0].Path);
    }

    [Fact]
    public void ServersAndBackupSetsInheritFromGlobalUnlessTheySetTheirOwn()
    {
        // global comes last on purpose: the order of the sections does not matter.
        var config = Valid("""
            servers:
              - {name: primary, host: 127.0.0.1}
              - {name: replica, host: 10.0.0.2, port: 3307, interval: 10s}
            backups:
              - {name: a, kind: mysqldump, path: /backup/a}
              - {name: b, kind: mysqldump, path: /backup/b, timeout: 5m, settle_time: 10m}
            global:
              interval: 30s
              timeout: 10s
              settle_time: 2m
            """);

        Assert.Equal(new GlobalConfig(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(2)), config.Global);
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), 3306), (config.Servers[0].Interval, config.Servers[0].Timeout,
            config.Servers[0].Port));
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), 3307), (config.Servers[1].Interval, config.Servers[1].Timeout,
            config.Servers[1].Port));
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(2)),
            (config.Backups[0].Interval, config.Backups[0].Timeout, config.Backups[0].SettleTime));
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10)),
            (config.Backups[1].Interval, config.Backups[1].Timeout, config.Backups[1].SettleTime));
    }

    [Fact]
    public void ServerKeysAreRead()
    {
        var config = Valid("""
            servers:
              - name: primary
                host: 127.0.0.1
                port: 3307
                user: backup_exporter
                password_file: /etc/backup-exporter/primary.password
                error_log: /var/log/mysql/error.log
                timeout: 5s
            backups:
              - {name: nightly, server: primary, kind: mysqldump, path: /backup/mysql}
            """);

        Assert.Equal(
            new ServerConfig
            {
                Name = "primary", Host = "127.0.0.1", Port = 3307, User = "backup_exporter",
                PasswordFile = "/etc/backup-exporter/primary.password", ErrorLog = "/var/log/mysql/error.log",
                Interval = TimeSpan.FromSeconds(60), Timeout = TimeSpan.FromSeconds(5),
            },
            Assert.Single(config.Servers));
        Assert.Equal("primary", config.Backups[0].Server);
    }

    [Theory]
    [InlineData("\"0 2 * * *\"", "0 2 * * *")]
    [InlineData("\"@daily\"", "@daily")]
    [InlineData("'*/15 * * * *'", "*/15 * * * *")]
    [InlineData("\"0 3 * * SUN\"", "0 3 * * SUN")]
    public void CronExpressionsAndMacrosAreAccepted(string yamlValue, string text)
    {
        var config = Valid($"backups: [{{name: a, kind: mysqldump, path: /b, schedule: {yamlValue}, timezone: UTC}}]");

        Assert.Equal(text, config.Backups[0].ScheduleText);
        Assert.NotNull(config.Backups[0].Schedule);
        Assert.Equal(TimeZoneInfo.Utc.BaseUtcOffset, config.Backups[0].TimeZone.BaseUtcOffset);
    }

    [Theory]
    [InlineData("50%", 0.5)]
    [InlineData("12.5%", 0.125)]
    [InlineData("0.5", 0.5)]
    [InlineData(".9", 0.9)]
    public void MaxShrinkTakesPercentagesAndFractions(string value, double expected)
    {
        var config = Valid($"backups: [{{name: a, kind: mysqldump, path: /b, max_shrink: \"{value}\"}}]");

        Assert.Equal(expected, config.Backups[0].MaxShrink!.Value, 9);
    }

    [Fact]
    public void AnchorsAndAliasesCanShareValues()
    {
        var config = Valid("""
            backups:
              - name: a
                kind: &kind mysqldump
                path: /backup/a
                schedule: &nightly "0 2 * * *"
                grace: &grace 2h
              - name: b
                kind: *kind
                path: /backup/b
                schedule: *nightly
                grace: *grace
            """);

        Assert.Equal("0 2 * * *", config.Backups[1].ScheduleText);
        Assert.Equal(TimeSpan.FromHours(2), config.Backups[1].Grace);
    }

    [Fact]
    public void MissingBackupDirectoryIsNotAConfigError()
    {
        var missing = Path.Combine(Path.GetTempPath(), "backup-exporter-no-such-dir-" + Guid.NewGuid().ToString("N"));

        var config = Valid($"backups: [{{name: a, kind: mysqldump, path: \"{missing}\"}}]");

        Assert.Equal(missing, config.Backups[0].Path);
    }
}
