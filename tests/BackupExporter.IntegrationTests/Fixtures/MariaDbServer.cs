using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MySqlConnector;

namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>
/// A throwaway MariaDB (or MySQL) server started from the machine's own binary: temporary data directory, a free
/// loopback port, binary logging on. Stopped and deleted at the end. With BACKUP_EXPORTER_TEST_MYSQL set, an
/// existing server is used instead. Without a server binary the tests fail and say what to install: never skip.
/// </summary>
public sealed class MariaDbServer : IAsyncDisposable
{
    public const string ExistingServerVariable = "BACKUP_EXPORTER_TEST_MYSQL";
    private const string InstallHint = "install one: apt-get install mariadb-server mariadb-client (or set " + ExistingServerVariable + " to a connection string)";

    private readonly string _directory;
    private readonly string _serverBinary;
    private readonly string? _existing;
    private Process? _process;

    private readonly string[] _extraOptions;

    private MariaDbServer(string directory, string serverBinary, int port, string? existing = null, string[]? extraOptions = null)
    {
        _directory = directory;
        _serverBinary = serverBinary;
        _existing = existing;
        _extraOptions = extraOptions ?? [];
        Port = port;
    }

    public int Port { get; }

    public string SocketPath => Path.Combine(_directory, "mysqld.sock");

    public string DataDirectory => Path.Combine(_directory, "data");

    public string ConnectionString => _existing ?? $"Server={SocketPath};Protocol=Unix;User ID=root;Connection Timeout=5;Pooling=false";

    /// <summary>How mariadb-dump reaches this server, as shell-quoted arguments.</summary>
    public string ClientArguments
    {
        get
        {
            if (_existing is null)
                return $"--socket='{SocketPath}' --user=root";
            var b = new MySqlConnectionStringBuilder(_existing);
            var password = string.IsNullOrEmpty(b.Password) ? "" : $" --password='{b.Password}'";
            return $"--host='{b.Server}' --port={b.Port} --user='{b.UserID}'{password}";
        }
    }

    /// <summary>The dump tool that matches the server: <c>mariadb-dump</c> or <c>mysqldump</c>.</summary>
    public static string DumpTool => ProcessRunner.FindExecutable("mariadb-dump", "mysqldump")
        ?? throw new InvalidOperationException("No mariadb-dump or mysqldump found; " + InstallHint);

    /// <summary>
    /// The server named by BACKUP_EXPORTER_TEST_MYSQL if set; else a throwaway one from the machine's binary; else,
    /// where no binary exists but a Docker engine answers, MySQL 8.4 in a container.
    /// </summary>
    public static async Task<MariaDbServer> StartNewAsync()
    {
        var existing = Environment.GetEnvironmentVariable(ExistingServerVariable);
        if (string.IsNullOrEmpty(existing) && ProcessRunner.FindExecutable("mariadbd", "mysqld") is null && await DockerAnswersAsync())
            existing = await StartContainerAsync();
        if (string.IsNullOrEmpty(existing))
            return await StartOwnAsync();
        var server = new MariaDbServer(Directory.CreateTempSubdirectory("backup-exporter-mariadb-").FullName, "", 0, existing);
        await server.ScalarAsync("SELECT 1"); // fail early, naming the variable, when it points nowhere
        return server;
    }

    private static async Task<bool> DockerAnswersAsync()
    {
        if (ProcessRunner.FindExecutable("docker") is null)
            return false;
        try
        {
            return (await ProcessRunner.RunAsync("docker", ["info"], TimeSpan.FromSeconds(20))).ExitCode == 0;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    // Kept for the life of the test process; Testcontainers' reaper removes the container when it ends.
    private static Testcontainers.MySql.MySqlContainer? _container;

    private static async Task<string> StartContainerAsync()
    {
        _container = new Testcontainers.MySql.MySqlBuilder("mysql:8.4").WithUsername("root").WithPassword("root")
            .WithCommand("--log-bin=binlog", "--server-id=1").Build();
        await _container.StartAsync();
        return _container.GetConnectionString();
    }

    /// <summary>A throwaway server of the tests' own, which they may stop and start; options are added last.</summary>
    public static async Task<MariaDbServer> StartOwnAsync(params string[] extraOptions)
    {
        var binary = ProcessRunner.FindExecutable("mariadbd", "mysqld")
            ?? throw new InvalidOperationException("No MySQL/MariaDB server binary (mariadbd or mysqld) found; " + InstallHint);
        var directory = Directory.CreateTempSubdirectory("backup-exporter-mariadb-").FullName;
        var server = new MariaDbServer(directory, binary, FreePort(), extraOptions: extraOptions);
        try
        {
            await server.InitialiseAsync();
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string[] RootOption => ProcessRunner.IsRoot ? ["--user=root"] : [];

    // Its own tmpdir: servers bootstrapped in parallel collide on temporary table names in a shared /tmp.
    private string TempDirectory => Directory.CreateDirectory(Path.Combine(_directory, "tmp")).FullName;

    private async Task InitialiseAsync()
    {
        var install = ProcessRunner.FindExecutable("mariadb-install-db", "mysql_install_db")
            ?? throw new InvalidOperationException("No mariadb-install-db found; " + InstallHint);
        var r = await ProcessRunner.RunAsync(install,
            ["--no-defaults", .. RootOption, $"--datadir={DataDirectory}", $"--tmpdir={TempDirectory}", "--auth-root-authentication-method=normal", "--skip-test-db"],
            TimeSpan.FromMinutes(2));
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"{install} failed ({r.ExitCode}): {r.Stderr}{r.Stdout}");
    }

    public async Task StartAsync()
    {
        if (_existing is not null)
            throw new NotSupportedException($"the server given by {ExistingServerVariable} is not the tests' to start or stop");
        var info = new ProcessStartInfo(_serverBinary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["--no-defaults", .. RootOption, $"--datadir={DataDirectory}", $"--socket={SocketPath}",
                     $"--port={Port}", "--bind-address=127.0.0.1", $"--log-bin={Path.Combine(DataDirectory, "mysql-bin")}",
                     "--server-id=1", $"--tmpdir={TempDirectory}", $"--pid-file={Path.Combine(_directory, "mysqld.pid")}",
                     $"--log-error={Path.Combine(_directory, "error.log")}", "--innodb-buffer-pool-size=64M", .. _extraOptions])
            info.ArgumentList.Add(arg);
        _process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {_serverBinary}");
        _process.StandardOutput.ReadToEndAsync().ContinueWith(_ => { }, TaskScheduler.Default).GetAwaiter();
        _process.StandardError.ReadToEndAsync().ContinueWith(_ => { }, TaskScheduler.Default).GetAwaiter();

        var until = DateTime.UtcNow.AddSeconds(60);
        Exception? last = null;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{_serverBinary} exited with {_process.ExitCode}: {ErrorLogTail()}");
            try
            {
                await using var connection = new MySqlConnection(ConnectionString);
                await connection.OpenAsync();
                return;
            }
            catch (MySqlException e)
            {
                last = e;
                await Task.Delay(200);
            }
        }
        throw new TimeoutException($"{_serverBinary} did not accept connections within 60 s ({last?.Message}): {ErrorLogTail()}");
    }

    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited)
            return;
        await ProcessRunner.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }
        _process.Dispose();
        _process = null;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new MySqlConnection(ConnectionString);
        try
        {
            await connection.OpenAsync();
        }
        catch (MySqlException e) when (_existing is not null)
        {
            throw new InvalidOperationException($"cannot connect to the server given by {ExistingServerVariable}: {e.Message}", e);
        }
        await using var command = new MySqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>A small shop: two tables and a few thousand rows, enough for dumps of a few hundred KiB.</summary>
    public async Task SeedShopAsync()
    {
        await ExecuteAsync("""
            CREATE DATABASE IF NOT EXISTS shop;
            USE shop;
            CREATE TABLE IF NOT EXISTS customers (id INT PRIMARY KEY, name VARCHAR(64), email VARCHAR(128));
            CREATE TABLE IF NOT EXISTS orders (id INT PRIMARY KEY, customer_id INT, amount DECIMAL(10,2), note VARCHAR(200));
            REPLACE INTO customers SELECT seq, CONCAT('customer ', seq), CONCAT('c', seq, '@example.com') FROM seq_1_to_2000;
            REPLACE INTO orders SELECT seq, seq % 2000 + 1, (seq % 997) / 10, MD5(seq) FROM seq_1_to_5000;
            """);
    }

    private string ErrorLogTail()
    {
        var log = Path.Combine(_directory, "error.log");
        return File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(20)) : "(no error log)";
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
