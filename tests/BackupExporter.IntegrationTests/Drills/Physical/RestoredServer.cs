using System.Diagnostics;
using BackupExporter.IntegrationTests.Fixtures;
using MySqlConnector;

namespace BackupExporter.IntegrationTests.Drills.Physical;

/// <summary>
/// A real mariadbd started on a restored datadir the way a drill's sandbox runs it: no defaults files, a socket and
/// no network port, no binary log, as <c>mysql</c> when the tests run as root. Stopped (SIGTERM) when disposed.
/// </summary>
public sealed class RestoredServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _runDirectory;

    private RestoredServer(Process process, string runDirectory)
    {
        _process = process;
        _runDirectory = runDirectory;
    }

    public string SocketPath => Path.Combine(_runDirectory, "sock");

    private string ErrorLog => Path.Combine(_runDirectory, "err.log");

    /// <param name="runDirectory">socket, pid file and error log; made writable by the server's user here</param>
    public static async Task<RestoredServer> StartAsync(string dataDirectory, string runDirectory)
    {
        Directory.CreateDirectory(runDirectory);
        if (ProcessRunner.IsRoot)
            await ProcessRunner.CheckedAsync("chown", "mysql:mysql", runDirectory);
        var binary = ProcessRunner.FindExecutable("mariadbd", "mysqld") ?? throw new InvalidOperationException("no mariadbd: apt-get "
            + "install mariadb-server");
        var info = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["--no-defaults", .. ProcessRunner.IsRoot ? (string[])["--user=mysql"] : [],
            $"--datadir={dataDirectory}",
                     $"--socket={Path.Combine(runDirectory, "sock")}", "--skip-networking", "--skip-log-bin", $"--tmpdir={runDirectory}",
                     $"--pid-file={Path.Combine(runDirectory, "pid")}", $"--log-error={Path.Combine(runDirectory, "err.log")}",
                     "--innodb-buffer-pool-size=64M"])
            info.ArgumentList.Add(arg);
        var server = new RestoredServer(Process.Start(info)!, runDirectory);
        _ = server._process.StandardOutput.ReadToEndAsync();
        _ = server._process.StandardError.ReadToEndAsync();
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (server._process.HasExited)
                throw new InvalidOperationException($"mariadbd exited {server._process.ExitCode} on {dataDirectory}:\n"
                    + $"{server.ErrorLogTail()}");
            try
            {
                await server.ScalarAsync("SELECT 1");
                return server;
            }
            catch (MySqlException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new MySqlConnection($"Server={SocketPath};Protocol=Unix;User ID=root;Connection "
            + $"Timeout=5;Pooling=false");
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public string ErrorLogTail() => File.Exists(ErrorLog) ? string.Join('\n', File.ReadLines(ErrorLog).TakeLast(20)) : "(no error log)";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false); // SIGKILL is enough for a throwaway copy, and never hangs
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
