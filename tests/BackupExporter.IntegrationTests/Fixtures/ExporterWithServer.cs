using BackupExporter.Inspection.Drills;
using BackupExporter.Platform;

namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>
/// A running exporter over a server of its own (binary logs on, their directory readable) and two backup sets of
/// real dumps: "nightly", linked to the server, with a schedule, sidecars and a job log, and "local", with no server
/// and a cron log, and "shell", a MySQL Shell dump; the server's error log is followed. Every
/// metric the exporter exports today is in its /metrics: what the dashboards, rules and the Zabbix template are
/// checked against.
/// </summary>
public sealed class ExporterWithServer : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("backup-exporter-metrics-").FullName;
    private MariaDbServer _server = null!;

    public ExporterProcess Exporter { get; private set; } = null!;

    /// <summary>The exporter's configuration file.</summary>
    public string ConfigFile => Path.Combine(_root, "config.yml");

    /// <summary>The /metrics text once every part is in it.</summary>
    public string Metrics { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _server = await MariaDbServer.StartOwnAsync();
        await _server.SeedShopAsync();
        var nightly = Directory.CreateDirectory(Path.Combine(_root, "nightly")).FullName;
        var local = Directory.CreateDirectory(Path.Combine(_root, "local")).FullName;
        foreach (var dir in new[] { nightly, local })
        {
            await DumpMaker.DumpAsync(_server, Path.Combine(dir, "shop-1.sql.gz"), modified: DateTimeOffset.UtcNow.AddDays(-1));
            await DumpMaker.DumpAsync(_server, Path.Combine(dir, "shop-2.sql.gz"), modified: DateTimeOffset.UtcNow.AddHours(-1));
        }
        // A job log with one failed run in the run wrapper's format, and a cron log with the job's start (Debian's format).
        var jobLog = Path.Combine(_root, "nightly.log");
        var now = DateTimeOffset.UtcNow;
        await File.WriteAllTextAsync(jobLog, $"# backup-exporter run start backup=nightly pid=7 attempt=1 "
            + $"at={now.AddHours(-1):yyyy-MM-ddTHH:mm:ssZ}\n"
            + "mariadb-dump: Got errno 28 on write\n"
            + $"# backup-exporter run end backup=nightly pid=7 attempt=1 exit=2 signal=none timeout=0 duration=1.0 "
                + $"at={now.AddHours(-1).AddSeconds(1):yyyy-MM-ddTHH:mm:ssZ}\n");
        var cronLog = Path.Combine(_root, "syslog");
        await File.WriteAllTextAsync(cronLog, $"{now.AddHours(-1).UtcDateTime:MMM} {now.AddHours(-1).UtcDateTime.Day,2} "
            + $"{now.AddHours(-1).UtcDateTime:HH:mm:ss} db1 CRON[99]: (root) CMD (/usr/local/bin/backup-local.sh)\n");
        // Two MySQL Shell dumps (built from the documented format: MySQL Shell is not in Debian), for the duration metric.
        var shell = "";
        foreach (var daysAgo in new[] { 2, 1 })
        {
            shell = Directory.CreateDirectory(Path.Combine(_root, "shell", $"dump-{daysAgo}")).FullName;
            var begin = now.AddDays(-daysAgo).UtcDateTime;
            await File.WriteAllTextAsync(Path.Combine(shell, "@.json"),
                $$"""{"dumper": "mysqlsh Ver 8.4.3", "begin": "{{begin:yyyy-MM-dd HH:mm:ss}}"}""");
            await File.WriteAllTextAsync(Path.Combine(shell, "shop@orders@@0.tsv.zst"), new string('x', 4096));
            await File.WriteAllTextAsync(Path.Combine(shell, "@.done.json"),
                $$"""{"end": "{{begin.AddMinutes(3):yyyy-MM-dd HH:mm:ss}}", "dataBytes": 4096}""");
            foreach (var file in Directory.EnumerateFileSystemEntries(shell).Append(shell))
                File.SetLastWriteTimeUtc(file, begin.AddMinutes(3));
        }
        // A binlog archive as an archiver leaves it (the server's binary logs under their own names), copied off-site.
        await _server.ExecuteAsync("FLUSH BINARY LOGS");
        var binlogs = Directory.CreateDirectory(Path.Combine(_root, "binlogs")).FullName;
        foreach (var file in Directory.GetFiles(_server.DataDirectory, "mysql-bin.0*"))
            File.Copy(file, Path.Combine(binlogs, Path.GetFileName(file)));
        await ProcessRunner.CheckedAsync("rclone", "copy", binlogs, $"{_root}/binlog-vault");
        var config = await new ConfigBuilder()
            .Global(g => g.Interval("1s").Timeout("20s").SettleTime("0s").StateFile($"{_root}/state/offsets.json"))
            .Server(_server, "primary", s => s.BinlogDirectory(_server.DataDirectory).ErrorLog(_server.ErrorLogPath)
                .Block("binlog_archive", a => a.Set("path", binlogs).Set("remote", $"{_root}/binlog-vault").Set("remote_interval", "1s")))
            .Backup("nightly", SetKind.Mysqldump, nightly, b => b.Server("primary").Schedule("0 2 * * *", grace: "2h")
                .Checksum("sha256").MinSize("1KiB").MaxShrink("50%").Log(jobLog)
                .Set("rpo", "3650d").RestoreTest(r => r.Set("rto", "1h")))
            .Backup("local", SetKind.Mysqldump, local, b => b.Schedule("0 3 * * *").Checksum("auto")
                .Offsite(r => r.Set("name", "vault").Set("remote", $"{_root}/vault").Set("interval", "1s"))
                .Block("retention", r => r.Set("min_good", "1").Set("window", "2d")))
            .Backup("shell", SetKind.Mysqlsh, Path.GetDirectoryName(shell), b => b.Schedule("0 4 * * *").Timezone("UTC")
                .Block("reverify", r => r.Set("period", "1h").Set("max_rate", "10MiB/s")))
            .Log(cronLog, "cron", l => l.Backup("local").Match("backup-local.sh"))
            .WriteToAsync(ConfigFile);
        // A drill of "nightly" as the drill command records it, in a state directory of this exporter's own.
        var state = Directory.CreateDirectory(Path.Combine(_root, "state")).FullName;
        Assert.Null(new DrillHistoryStore(Path.Combine(state, "drills"), StateAccess.OwnerOnly)
            .Record(new DrillRecord("nightly", "mysqldump", DrillVerdict.Ok, null, null,
            Path.Combine(nightly, "shop-2.sql.gz"), now.AddHours(-1), now.AddMinutes(-30), now.AddMinutes(-25),
            new Dictionary<string, double> { ["fetch"] = 2, ["restore"] = 250, ["verify"] = 48, ["total"] = 300 }, 9_437_184,
            [new DrillSchemaCount("shop", 2, 40)], [])));
        Exporter = await ExporterProcess.StartWithStateAsync(config, state);
        var ready = await Exporter.ScrapeUntilAsync(m =>
            m.Value("mysql_backup_server_up", ("server", "primary")) == 1
            && m.Value("mysql_backup_binlog_oldest_timestamp_seconds", ("server", "primary")) is not null
            && m.Value("mysql_backup_pitr_ok", ("backup", "nightly")) is not null
            && m.Value("mysql_backup_size_ratio_to_previous", ("backup", "local")) is not null
            && m.Value("mysql_backup_log_errors", ("backup", "nightly"), ("source", "mysqldump"), ("class", "disk_full")) == 1
            && m.Value("mysql_backup_server_errors", ("server", "primary"), ("class", "other")) is not null
            && m.Value("mysql_backup_cron_last_start_timestamp_seconds", ("backup", "local")) is not null
            && m.Value("mysql_backup_last_success_duration_seconds", ("backup", "shell")) == 180
            && m.Value("mysql_backup_restore_test_ok", ("backup", "nightly")) == 1
            && m.Value("mysql_backup_offsite_up", ("backup", "local"), ("remote", "vault")) == 1
            && m.Value("mysql_backup_binlog_archive_offsite_up", ("server", "primary")) == 1,
            "the server and both sets are inspected", seconds: 60);
        Metrics = await Exporter.GetMetricsAsync();
        _ = ready;
    }

    public async Task DisposeAsync()
    {
        if (Exporter is not null)
            await Exporter.DisposeAsync();
        await _server.DisposeAsync();
        await ProcessRunner.RunAsync("rm", ["-rf", _root]);
    }
}

[CollectionDefinition(Name)]
public sealed class ExporterWithServerCollection : ICollectionFixture<ExporterWithServer>
{
    public const string Name = "exporter with a server";
}
