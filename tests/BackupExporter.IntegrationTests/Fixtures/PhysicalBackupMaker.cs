using System.Diagnostics;

namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>Makes physical backups of a test server with the real mariabackup.</summary>
public static class PhysicalBackupMaker
{
    public static string Tool => ProcessRunner.FindExecutable("mariadb-backup", "mariabackup")
        ?? throw new InvalidOperationException("mariabackup is not installed: apt-get install mariadb-backup");

    private static string Connection(MariaDbServer server) =>
        $"--socket={ProcessRunner.Quote(server.SocketPath)} --user=root";

    /// <summary>
    /// A full backup, or an incremental on top of <paramref name="basedir"/>; the log goes to <c>&lt;target&gt;.log</c>.
    /// Run at <paramref name="at"/> when given (under <c>faketime</c>): its <c>end_time</c> records that moment.
    /// </summary>
    public static async Task BackupAsync(MariaDbServer server, string target, string? basedir = null, DateTimeOffset? at = null)
    {
        var incremental = basedir is null ? "" : $" --incremental-basedir={ProcessRunner.Quote(basedir)}";
        var fakeTime = at is { } t ? $"faketime {ProcessRunner.Quote(DumpMaker.LocalStamp(t))} " : "";
        await ProcessRunner.ShellAsync(
            $"{fakeTime}{Tool} --backup --target-dir={ProcessRunner.Quote(target)}{incremental} {Connection(server)} "
                + $"> {ProcessRunner.Quote(target + ".log")} 2>&1");
    }

    public static async Task StreamAsync(MariaDbServer server, string file) =>
        await ProcessRunner.ShellAsync($"{Tool} --backup --stream=xbstream {Connection(server)} > {ProcessRunner.Quote(file)} "
            + $"2> {ProcessRunner.Quote(file + ".log")}");

    public static async Task PrepareAsync(string target) =>
        await ProcessRunner.ShellAsync($"{Tool} --prepare --target-dir={ProcessRunner.Quote(target)} "
            + $"> {ProcessRunner.Quote(target + ".prepare.log")} 2>&1");

    /// <summary>Starts a backup slowed down to a crawl (<c>--throttle=1</c>: one I/O chunk a second), to be killed mid-run.</summary>
    public static Process StartSlowBackup(MariaDbServer server, string target)
    {
        var start = new ProcessStartInfo(Tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "--backup", $"--target-dir={target}", "--throttle=1", $"--socket={server.SocketPath}", "--user=root" })
            start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    /// <summary>
    /// Writes rows and waits until InnoDB has checkpointed past them, so that the next backup's to_lsn moves on:
    /// an idle server keeps its checkpoint LSN, and two backups in a row would then end at the same LSN.
    /// </summary>
    public static async Task AdvanceCheckpointAsync(MariaDbServer server)
    {
        var before = await CheckpointAsync(server);
        await server.ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS shop.filler (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(200));
            INSERT INTO shop.filler (v) SELECT REPEAT('x', 200) FROM shop.seq_1_to_5000;
            SET GLOBAL innodb_max_dirty_pages_pct = 0;
            """);
        for (var i = 0; i < 100 && await CheckpointAsync(server) <= before; i++)
            await Task.Delay(200);
    }

    private static async Task<long> CheckpointAsync(MariaDbServer server) => Convert.ToInt64(await server.ScalarAsync(
        "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'INNODB_LSN_LAST_CHECKPOINT'"));
}
