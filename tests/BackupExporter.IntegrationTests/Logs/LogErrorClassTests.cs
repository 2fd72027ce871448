using System.Diagnostics;
using BackupExporter.IntegrationTests.Fixtures;
using MySqlConnector;

namespace BackupExporter.IntegrationTests.Logs;

/// <summary>
/// Each error class produced for real by the real tools against a real server, written to the backup sets' logs the way
/// a cron job or <c>backup-exporter run</c> writes them, and read by a running exporter into
/// <c>mysql_backup_log_errors</c>. The server's own error log is followed too.
/// </summary>
public sealed class LogErrorClassTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("backup-exporter-logs-").FullName;
    private MariaDbServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await MariaDbServer.StartOwnAsync();
        await _server.SeedShopAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await ProcessRunner.RunAsync("rm", ["-rf", _root]);
    }

    private string Log(string name) => Path.Combine(_root, name + ".log");

    private string Dump => $"{MariaDbServer.DumpTool} --socket={_server.SocketPath} --user=root";

    private static (string, string) Backup(string name) => ("backup", name);

    private static double? Errors(PrometheusText m, string backup, string errorClass, string source = "mysqldump") =>
        m.Value("mysql_backup_log_errors", ("backup", backup), ("source", source), ("class", errorClass));

    [Fact]
    public async Task Real_failures_of_the_real_tools_land_in_their_classes()
    {
        string[] sets = ["denied", "full", "lost", "locked", "missing", "unwritable"];
        var dumps = Directory.CreateDirectory(Path.Combine(_root, "dumps")).FullName;
        var physical = Directory.CreateDirectory(Path.Combine(_root, "physical")).FullName;
        var builder = new ConfigBuilder()
            .Global(g => g.Interval("1s").SettleTime("0s").StateFile($"{_root}/state/log-offsets.json"))
            .Server(_server, "db", s => s.ErrorLog(_server.ErrorLogPath));
        void Set(string name, SetKind kind, string path, string pattern) =>
            builder.Backup(name, kind, path, b => b.Pattern(pattern).Log(Log(name)).RunStatus($"{_root}/state/{name}.json"));
        foreach (var set in sets)
            Set(set, SetKind.Mysqldump, dumps, set + "-*.sql");
        Set("physical", SetKind.Mariabackup, physical, "*");
        var config = await builder.WriteToAsync(Path.Combine(_root, "exporter.yml"));
        await using var exporter = await ExporterProcess.StartAsync(config);
        await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_server_up", ("server", "db")) == 1, "the exporter is up");

        // access_denied, through the run wrapper, then a clean run: the newest run is clean again.
        var denied = await ExporterProcess.RunCliAsync("run", "--config.file=" + config, "--backup=denied", "--",
            MariaDbServer.DumpTool, "--socket=" + _server.SocketPath, "--user=nobody_here", "--result-file="
                + Path.Combine(dumps, "denied-1.sql"), "shop");
        Assert.Equal(2, denied.ExitCode);
        // disk_full: a cron line redirecting the dump to a full disk.
        await ProcessRunner.RunAsync("bash", ["-c", $"{Dump} shop > /dev/full 2>> {Log("full")}"]);
        // lock_timeout: a session holds a write lock while mariadb-dump --lock-tables waits at most 1 s.
        await using (var holder = new MySqlConnection(_server.ConnectionString))
        {
            await holder.OpenAsync();
            await new MySqlCommand("LOCK TABLES shop.orders WRITE", holder).ExecuteNonQueryAsync();
            await _server.ExecuteAsync("SET GLOBAL lock_wait_timeout = 1");
            await ProcessRunner.RunAsync("bash", ["-c", $"{Dump} --lock-tables shop orders > /dev/null 2>> {Log("locked")}"]);
            await _server.ExecuteAsync("SET GLOBAL lock_wait_timeout = DEFAULT");
        }
        // permission_denied: the job's user may not write where the dump goes.
        var readOnly = Directory.CreateDirectory(Path.Combine(_root, "read-only")).FullName;
        File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        await ProcessRunner.RunAsync("bash", ["-c", $"setpriv --reuid=65534 --regid=65534 --clear-groups {MariaDbServer.DumpTool} "
            + $"--host=127.0.0.1 --port={_server.Port} "
            + $"--user=root --result-file={readOnly}/shop.sql shop 2>> {Log("unwritable")}"]);
        // connection_lost: the server is stopped while the dump is stuck writing to a slow reader.
        await _server.ExecuteAsync("CREATE TABLE shop.big (id INT PRIMARY KEY, v VARCHAR(255)) SELECT seq AS id, REPEAT('x', 250) AS v "
            + "FROM shop.seq_1_to_200000");
        // The reader takes nothing until the server is down: the dump stalls on the full pipe, mid-table, however slow the machine.
        var gate = Path.Combine(_root, "reader-may-read");
        var slow = Process.Start("bash", ["-c", $"{Dump} --quick shop big 2>> {Log("lost")} | (until [ -e {gate} ]; do sleep 0.1; "
            + $"done; cat > /dev/null)"])!;
        await WaitForDumpOfBigAsync();
        await _server.StopAsync();
        await File.WriteAllTextAsync(gate, "");
        await slow.WaitForExitAsync();
        await _server.StartAsync();

        var m = await exporter.ScrapeUntilAsync(s =>
            Errors(s, "denied", "access_denied", "mysqldump") >= 1 && Errors(s, "full", "disk_full") >= 1
                && Errors(s, "locked", "lock_timeout") >= 1
            && Errors(s, "unwritable", "permission_denied") >= 1 && Errors(s, "lost", "connection_lost") >= 1, "every class counted");
        Assert.Equal(1, m.Value("mysql_backup_last_run_failed", Backup("denied"), ("source", "mysqldump")));
        Assert.Equal(1, Errors(m, "denied", "access_denied", "run")); // the wrapper's status file says the same
        Assert.Equal(0, Errors(m, "full", "access_denied"));
        Assert.True(m.Value("mysql_backup_last_failure_timestamp_seconds", Backup("full")) > 0);

        var clean = await ExporterProcess.RunCliAsync("run", "--config.file=" + config, "--backup=denied", "--",
            MariaDbServer.DumpTool, "--socket=" + _server.SocketPath, "--user=root", "--result-file="
                + Path.Combine(dumps, "denied-2.sql"), "shop");
        Assert.Equal(0, clean.ExitCode);
        var after = await exporter.ScrapeUntilAsync(s => Errors(s, "denied", "access_denied") == 0, "a clean run clears "
            + "the newest run's errors");
        Assert.Equal(0, after.Value("mysql_backup_last_run_failed", Backup("denied"), ("source", "mysqldump")));
        Assert.True(after.Value("mysql_backup_last_failure_timestamp_seconds", Backup("denied")) > 0); // the failure is still on record

        // missing_table: a table whose tablespace file was removed while the server was down.
        await _server.ExecuteAsync("CREATE TABLE shop.lost (id INT PRIMARY KEY) ENGINE=InnoDB; INSERT INTO shop.lost VALUES (1)");
        await _server.StopAsync();
        File.Delete(Path.Combine(_server.DataDirectory, "shop", "lost.ibd"));
        await _server.StartAsync();
        await ProcessRunner.RunAsync("bash", ["-c", $"{Dump} shop lost > /dev/null 2>> {Log("missing")}"]);
        var missing = await exporter.ScrapeUntilAsync(s => Errors(s, "missing", "missing_table") >= 1, "the missing "
            + "tablespace is missing_table");
        // The server's own error log, followed since the exporter started, tells of it as well.
        await exporter.ScrapeUntilAsync(s => s.Samples.Where(x => x.Name == "mysql_backup_server_errors").Sum(x => x.Value) >= 1,
            "the server's error log lines are counted");

        // interrupted: mariabackup, run by the wrapper, killed by a signal.
        var wrapper = Process.Start(new ProcessStartInfo("dotnet", [ExporterProcess.Dll, "run",
            "--config.file=" + config, "--backup=physical", "--", PhysicalBackupMaker.Tool, "--backup", "--throttle=1",
            "--target-dir=" + Path.Combine(physical, "1-full"), "--socket=" + _server.SocketPath,
                "--user=root"]) { RedirectStandardError = true })!;
        // mariabackup itself, not the wrapper whose arguments hold the same words
        var tool = "^" + PhysicalBackupMaker.Tool + " --backup --throttle=1";
        await WaitForAsync(async () => (await ProcessRunner.RunAsync("pgrep", ["-f", tool])).ExitCode == 0, "mariabackup running");
        await ProcessRunner.RunAsync("pkill", ["-KILL", "-f", tool]);
        await wrapper.WaitForExitAsync();
        Assert.Equal(137, wrapper.ExitCode);
        var killed = await exporter.ScrapeUntilAsync(s => Errors(s, "physical", "interrupted", "xtrabackup") >= 1,
            "the killed backup is interrupted; its log:\n" + File.ReadAllText(Log("physical")));
        Assert.Equal(1, killed.Value("mysql_backup_last_run_failed", Backup("physical"), ("source", "xtrabackup")));
        Assert.Contains("newest run in the xtrabackup log", (await exporter.GetAsync("/api/v1/status")).Body);
    }

    /// <summary>Waits until the dump of shop.big is reading rows; its reader is held back, so it cannot finish.</summary>
    private async Task WaitForDumpOfBigAsync() =>
        await WaitForAsync(async () => await _server.ScalarAsync(
            "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT /*!40001 SQL_NO_CACHE "
                + "*/%big%' LIMIT 1") is not (null or DBNull),
            "the dump of shop.big in the process list");

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await condition())
                return;
            await Task.Delay(100);
        }
        throw new TimeoutException(what);
    }
}
