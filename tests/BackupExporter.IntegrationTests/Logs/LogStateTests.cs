using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Logs;

/// <summary>
/// Log positions across exporter restarts: counts go on where they stopped, the newest run of a job log is rebuilt,
/// and a corrupt state file means "from the end" with a warning, never a crash. The lines are written here in the
/// formats the tools and the run wrapper write (the tools' real lines are exercised in LogErrorClassTests).
/// </summary>
public sealed class LogStateTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("backup-exporter-logstate-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await ProcessRunner.RunAsync("rm", ["-rf", _root]);

    [Fact]
    public async Task Restarts_neither_lose_nor_double_count_and_a_corrupt_state_file_is_survived()
    {
        var dumps = Directory.CreateDirectory(Path.Combine(_root, "dumps")).FullName;
        var job = Path.Combine(_root, "job.log");
        var errorLog = Path.Combine(_root, "mysqld.err");
        var state = Path.Combine(_root, "state", "offsets.json");
        var now = DateTimeOffset.UtcNow;
        await File.WriteAllTextAsync(job,
            $"# backup-exporter run start backup=nightly pid=4242 attempt=1 at={now.AddMinutes(-5):yyyy-MM-ddTHH:mm:ssZ}\n"
            + "mariadb-dump: Got errno 28 on write\n"
            + $"# backup-exporter run end backup=nightly pid=4242 attempt=1 exit=2 signal=none timeout=0 duration=3.1 "
                + $"at={now.AddMinutes(-5).AddSeconds(3):yyyy-MM-ddTHH:mm:ssZ}\n");
        await File.WriteAllTextAsync(errorLog, "2026-11-24 02:00:01 0 [ERROR] mariadbd: Disk full (/tmp/#sql_1.MAI); waiting for someone "
            + "to free some space...\n");
        var config = await new ConfigBuilder()
            .Global(g => g.Interval("1s").StateFile(state))
            .Server("db", s => s.Socket($"{_root}/no-server.sock").User("monitor").ErrorLog(errorLog))
            .Backup("nightly", SetKind.Mysqldump, dumps, b => b.Log(job))
            .WriteToAsync(Path.Combine(_root, "exporter.yml"));
        var diskFull = ("class", "disk_full");
        double? JobErrors(PrometheusText m) => m.Value("mysql_backup_log_errors", ("backup", "nightly"), ("source", "mysqldump"), diskFull);
        double? ServerErrors(PrometheusText m) => m.Value("mysql_backup_server_errors", ("server", "db"), diskFull);

        await using (var exporter = await ExporterProcess.StartAsync(config))
        {
            // A job log new to the exporter is read whole (its newest run counts); an error log from its end.
            var first = await exporter.ScrapeUntilAsync(s => JobErrors(s) == 1 && ServerErrors(s) == 0, "the job's newest run is read");
            Assert.Contains("no saved log offsets", exporter.Output);
            await File.AppendAllTextAsync(errorLog, "2026-11-25 03:00:01 0 [ERROR] InnoDB: Write to file ./ibdata1 failed at offset 0, "
                + "16384 bytes should have been written, only 0 were written. Operating system error number 28.\n");
            await exporter.ScrapeUntilAsync(s => ServerErrors(s) == 1, "a new error-log line is counted");
        }

        await using (var restarted = await ExporterProcess.StartAsync(config))
        {
            // Offsets from the state file: the job's newest run is rebuilt, not counted twice; old error-log lines are not counted again.
            var m = await restarted.ScrapeUntilAsync(s => JobErrors(s) == 1 && ServerErrors(s) == 0, "the restart "
                + "goes on where it stopped");
            await File.AppendAllTextAsync(errorLog, "2026-11-25 03:05:00 0 [ERROR] mariadbd: Disk full (./shop/t.MAD); waiting for someone "
                + "to free some space...\n");
            await restarted.ScrapeUntilAsync(s => ServerErrors(s) == 1, "only the line written after the restart is counted");
            Assert.Equal(1, m.Value("mysql_backup_last_run_failed", ("backup", "nightly"), ("source", "mysqldump")));
        }

        await File.WriteAllTextAsync(state, "{ this is not json");
        await using (var afterCorruption = await ExporterProcess.StartAsync(config))
        {
            await afterCorruption.ScrapeUntilAsync(s => JobErrors(s) == 1 && ServerErrors(s) == 0, "a corrupt state file: from the end, "
                + "and the job log read whole");
            Assert.Contains("are unreadable: not valid JSON", afterCorruption.Output);
        }
    }
}
