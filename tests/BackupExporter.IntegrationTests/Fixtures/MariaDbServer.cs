using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MySqlConnector;

namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>
/// A throwaway MariaDB (or MySQL) server started from the machine's own binary: temporary data directory, a free
/// loopback port, binary logging on. Stopped and deleted at the end. With BACKUP_EXPORTER_TEST_MYSQL set, an
/// existing server is used instead; without a binary but with Docker, MySQL 8.4 in a container. Otherwise the
/// tests fail and say what to install: never skip.
/// Usable as an xunit class or collection fixture (public constructor, <see cref="IAsyncLifetime"/>), or made per
/// test with <see cref="StartNewAsync"/> / <see cref="StartOwnAsync"/> and <c>await using</c>.
/// </summary>
public sealed class MariaDbServer : IAsyncLifetime, IAsyncDisposable
{
    public const string ExistingServerVariable = "BACKUP_EXPORTER_TEST_MYSQL";

    private const string InstallHint =
        "Install one: apt-get install mariadb-server mariadb-client (or set " + ExistingServerVariable + " to a connection string)";

    private readonly bool _ownOnly;
    private readonly string[] _extraOptions;
    private string? _directory;
    private string _serverBinary = "";
    private string? _existing;
    private Process? _process;
    private bool _disposed;

    /// <summary>For xunit: nothing starts until <see cref="InitializeAsync"/>.</summary>
    public MariaDbServer()
        : this(ownOnly: false, [])
    {
    }

    private MariaDbServer(bool ownOnly, string[] extraOptions)
    {
        _ownOnly = ownOnly;
        _extraOptions = extraOptions;
    }

    /// <summary>True when the server is not the tests' own (BACKUP_EXPORTER_TEST_MYSQL or a container).</summary>
    public bool IsExternal => _existing is not null;

    public string Host => _existing is null ? "127.0.0.1" : new MySqlConnectionStringBuilder(_existing).Server;

    public int Port { get; private set; }

    public string SocketPath => Path.Combine(OwnDirectory, "mysqld.sock");

    /// <summary>The server process of the tests' own server, for signals (STOP/CONT to freeze it).</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("not a server of the tests' own");

    public string DataDirectory => Path.Combine(OwnDirectory, "data");

    public string ConnectionString => _existing ?? $"Server={SocketPath};Protocol=Unix;User ID=root;Connection Timeout=5;Pooling=false";

    /// <summary>How mariadb-dump reaches this server, one argument per element.</summary>
    public IReadOnlyList<string> ClientArgumentList
    {
        get
        {
            if (_existing is null)
                return [$"--socket={SocketPath}", "--user=root"];
            var b = new MySqlConnectionStringBuilder(_existing);
            List<string> args = [$"--host={b.Server}", $"--port={b.Port}", $"--user={b.UserID}"];
            if (!string.IsNullOrEmpty(b.Password))
                args.Add($"--password={b.Password}");
            return args;
        }
    }

    /// <summary>How mariadb-dump reaches this server, as shell-quoted arguments.</summary>
    public string ClientArguments => string.Join(' ', ClientArgumentList.Select(ProcessRunner.Quote));

    /// <summary>The dump tool that matches the server: <c>mariadb-dump</c> or <c>mysqldump</c>.</summary>
    public string DumpToolPath => DumpTool;

    public static string DumpTool => ProcessRunner.FindExecutable("mariadb-dump", "mysqldump")
        ?? throw new InvalidOperationException("No mariadb-dump or mysqldump found. " + InstallHint);

    private string OwnDirectory => _existing is null
        ? _directory ?? throw new InvalidOperationException("the server has not been started")
        : throw new NotSupportedException($"the server given by {ExistingServerVariable} or a container has no local "
            + $"socket or data directory");

    /// <summary>
    /// The server named by BACKUP_EXPORTER_TEST_MYSQL if set; else a throwaway one from the machine's binary; else,
    /// where no binary exists but a Docker engine answers, MySQL 8.4 in a container.
    /// </summary>
    public static async Task<MariaDbServer> StartNewAsync()
    {
        var server = new MariaDbServer();
        await server.InitializeAsync();
        return server;
    }

    /// <summary>A throwaway server of the tests' own, which they may stop and start; options are added last.</summary>
    public static async Task<MariaDbServer> StartOwnAsync(params string[] extraOptions)
    {
        var server = new MariaDbServer(ownOnly: true, extraOptions);
        await server.InitializeAsync();
        return server;
    }

    public async Task InitializeAsync()
    {
        if (!_ownOnly)
        {
            var existing = Environment.GetEnvironmentVariable(ExistingServerVariable);
            if (string.IsNullOrEmpty(existing) && FindServerBinary() is null && await DockerAnswersAsync())
                existing = await StartContainerAsync();
            if (!string.IsNullOrEmpty(existing))
            {
                _existing = existing;
                Port = (int)new MySqlConnectionStringBuilder(existing).Port;
                await ScalarAsync("SELECT 1"); // fail early, naming the variable, when it points nowhere
                return;
            }
        }
        _serverBinary = FindServerBinary() ?? throw new InvalidOperationException("No MySQL/MariaDB server binary found. " + InstallHint);
        _directory = Directory.CreateTempSubdirectory("backup-exporter-mariadb-").FullName;
        Port = FreePort();
        try
        {
            await InitialiseDataDirectoryAsync();
            await StartOnFreePortAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The first start. A port found free can be taken by another process before the server binds it (every test
    /// suite on the machine picks ports this way); the server then refuses with "Address already in use", and a new
    /// free port is the answer, not a failed test. Any other failure is thrown as it is.
    /// </summary>
    private async Task StartOnFreePortAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartAsync();
                return;
            }
            catch (InvalidOperationException e) when (attempt < 5 && e.Message.Contains("Address already in use", StringComparison.Ordinal))
            {
                Port = FreePort();
            }
        }
    }

    private static string? FindServerBinary() => ProcessRunner.FindExecutable("mariadbd", "mysqld");

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

    // One container for the life of the test process; Testcontainers' reaper removes it when the process ends.
    private static readonly SemaphoreSlim ContainerLock = new(1, 1);
    private static Testcontainers.MySql.MySqlContainer? _container;

    private static async Task<string> StartContainerAsync()
    {
        await ContainerLock.WaitAsync();
        try
        {
            if (_container is null)
            {
                var container = new Testcontainers.MySql.MySqlBuilder("mysql:8.4").WithUsername("root").WithPassword("root")
                    .WithCommand("--log-bin=binlog", "--server-id=1").Build();
                await container.StartAsync();
                _container = container;
            }
            return _container.GetConnectionString();
        }
        finally
        {
            ContainerLock.Release();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string[] RootOption => ProcessRunner.IsRoot ? ["--user=root"] : [];

    // Its own tmpdir: servers bootstrapped in parallel collide on temporary table names in a shared /tmp.
    private string TempDirectory => Directory.CreateDirectory(Path.Combine(OwnDirectory, "tmp")).FullName;

    public string ErrorLogPath => Path.Combine(OwnDirectory, "error.log");

    private async Task InitialiseDataDirectoryAsync()
    {
        var install = ProcessRunner.FindExecutable("mariadb-install-db", "mysql_install_db")
            ?? throw new InvalidOperationException("No mariadb-install-db found. " + InstallHint);
        var r = await ProcessRunner.RunAsync(install,
            ["--no-defaults", .. RootOption, $"--datadir={DataDirectory}", $"--tmpdir={TempDirectory}",
                "--auth-root-authentication-method=normal", "--skip-test-db"],
            TimeSpan.FromMinutes(2));
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"{install} failed ({r.ExitCode}): {r.Stderr}{r.Stdout}");
    }

    /// <summary>Starts the server on its existing data directory and port; returns when it accepts connections.</summary>
    public async Task StartAsync()
    {
        if (_existing is not null)
            throw new NotSupportedException($"the server given by {ExistingServerVariable} (or a container) is not the "
                + $"tests' to start or stop");
        if (_process is { HasExited: false })
            return;
        var info = new ProcessStartInfo(_serverBinary) { RedirectStandardOutput = true, RedirectStandardError = true,
            UseShellExecute = false };
        foreach (var arg in (string[])["--no-defaults", .. RootOption, $"--datadir={DataDirectory}", $"--socket={SocketPath}",
                     $"--port={Port}", "--bind-address=127.0.0.1", $"--log-bin={Path.Combine(DataDirectory, "mysql-bin")}",
                     "--server-id=1", $"--tmpdir={TempDirectory}", $"--pid-file={Path.Combine(OwnDirectory, "mysqld.pid")}",
                     $"--log-error={ErrorLogPath}", "--innodb-buffer-pool-size=64M", .. _extraOptions])
            info.ArgumentList.Add(arg);
        _process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {_serverBinary}");
        // Drained so that a chatty server never blocks on a full pipe; its real log is error.log.
        _ = _process.StandardOutput.ReadToEndAsync();
        _ = _process.StandardError.ReadToEndAsync();

        var until = DateTime.UtcNow.AddSeconds(60);
        Exception? last = null;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{_serverBinary} exited with {_process.ExitCode}:\n{ErrorLogTail()}");
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
        throw new TimeoutException($"{_serverBinary} did not accept connections within 60 s ({last?.Message}):\n{ErrorLogTail()}");
    }

    /// <summary>Stops the server with SIGTERM (a clean shutdown) and waits for it; the data directory stays.</summary>
    public async Task StopAsync()
    {
        if (_existing is not null)
            throw new NotSupportedException($"the server given by {ExistingServerVariable} (or a container) is not the "
                + $"tests' to start or stop");
        if (_process is null)
            return;
        if (!_process.HasExited)
        {
            await ProcessRunner.RunAsync("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
        _process = null;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private async Task<MySqlConnection> OpenAsync()
    {
        var connection = new MySqlConnection(ConnectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch (MySqlException e) when (_existing is not null)
        {
            await connection.DisposeAsync();
            throw new InvalidOperationException($"cannot connect to the external server ({ExistingServerVariable} or a "
                + $"container): {e.Message}", e);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A small shop: two tables and a few thousand rows (from the sequence engine), dumps of a few hundred KiB.</summary>
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

    private string ErrorLogTail() =>
        File.Exists(ErrorLogPath) ? string.Join('\n', File.ReadLines(ErrorLogPath).TakeLast(20)) : "(no error log)";

    /// <summary>Stops the server (if it is the tests' own) and deletes its temporary directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (_existing is not null || _directory is null)
            return;
        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover under /tmp is not worth failing a test for.
        }
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
