using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Integrations;

/// <summary>
/// A real Zabbix 6.0 from Debian's packages (zabbix-server-mysql, zabbix-frontend-php): its schema loaded into a
/// throwaway MariaDB of its own, the frontend served by PHP's built-in web server, and zabbix_server polling. Nothing
/// of the machine's own configuration is used or changed: the frontend is a copy whose one change is the path of
/// its configuration file (Debian compiles /etc/zabbix/zabbix.conf.php into it).
/// </summary>
public sealed class ZabbixStack : IAsyncDisposable
{
    private const string FrontendSource = "/usr/share/zabbix";
    private const string SchemaDirectory = "/usr/share/zabbix-server-mysql";
    private const string ConfigConstant = "const CONFIG_FILE_PATH = '/etc/zabbix/zabbix.conf.php';";

    private readonly string _root = Directory.CreateTempSubdirectory("backup-exporter-zabbix-").FullName;
    private readonly string _password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
    private MariaDbServer? _database;
    private Process? _frontend;
    private CapturedOutput? _frontendOutput;
    private Process? _server;
    private CapturedOutput? _serverOutput;

    public ZabbixApi Api { get; private set; } = null!;

    private string ServerLog => Path.Combine(_root, "zabbix_server.log");

    /// <summary>The end of zabbix_server's own log, for failure messages.</summary>
    public string ServerLogTail() => (File.Exists(ServerLog)
        ? string.Join('\n', File.ReadLines(ServerLog).TakeLast(30))
        : "(zabbix_server wrote no log)") + "\n" + _serverOutput;

    public static async Task<ZabbixStack> StartAsync()
    {
        foreach (var needed in new[] { "/usr/sbin/zabbix_server", $"{FrontendSource}/api_jsonrpc.php", $"{SchemaDirectory}/schema.sql.gz" })
            if (!File.Exists(needed))
                throw new InvalidOperationException($"{needed} is missing: apt-get install zabbix-server-mysql zabbix-frontend-php "
                    + $"php8.2-mysql php8.2-cli (scripts/test does)");
        var stack = new ZabbixStack();
        try
        {
            await stack.StartDatabaseAsync();
            await stack.StartFrontendAsync();
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>The schema, images and data of the package, into a utf8mb4_bin database, as Zabbix's install guide says.</summary>
    private async Task StartDatabaseAsync()
    {
        _database = await MariaDbServer.StartOwnAsync("--skip-log-bin", "--innodb-flush-log-at-trx-commit=0");
        await _database.ExecuteAsync($"""
            CREATE DATABASE zabbix CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
            CREATE USER 'zabbix'@'127.0.0.1' IDENTIFIED BY '{_password}';
            GRANT ALL ON zabbix.* TO 'zabbix'@'127.0.0.1';
            """);
        var load = await ProcessRunner.RunAsync("bash", ["-c",
            $"set -euo pipefail; for f in schema images data; do zcat {SchemaDirectory}/$f.sql.gz; done | mariadb "
                + $"{_database.ClientArguments} zabbix"],
            TimeSpan.FromMinutes(10));
        if (load.ExitCode != 0)
            throw new InvalidOperationException($"loading the Zabbix schema failed ({load.ExitCode}): {load.Stderr}");
    }

    private async Task StartFrontendAsync()
    {
        var frontend = Path.Combine(_root, "frontend");
        await ProcessRunner.CheckedAsync("cp", "-a", FrontendSource, frontend);
        var configFile = Path.Combine(_root, "zabbix.conf.php");
        var classFile = Path.Combine(frontend, "include", "classes", "core", "CConfigFile.php");
        var source = await File.ReadAllTextAsync(classFile);
        if (!source.Contains(ConfigConstant, StringComparison.Ordinal))
            throw new InvalidOperationException($"{classFile} no longer holds \"{ConfigConstant}\": the frontend's "
                + $"configuration path moved");
        await File.WriteAllTextAsync(classFile, source.Replace(ConfigConstant, $"const CONFIG_FILE_PATH = '{configFile}';",
            StringComparison.Ordinal));
        await File.WriteAllTextAsync(configFile, $"""
            <?php
            $DB['TYPE'] = 'MYSQL';
            $DB['SERVER'] = '127.0.0.1';
            $DB['PORT'] = '{_database!.Port}';
            $DB['DATABASE'] = 'zabbix';
            $DB['USER'] = 'zabbix';
            $DB['PASSWORD'] = '{_password}';
            $DB['SCHEMA'] = '';
            $DB['ENCRYPTION'] = false;
            $DB['KEY_FILE'] = '';
            $DB['CERT_FILE'] = '';
            $DB['CA_FILE'] = '';
            $DB['VERIFY_HOST'] = false;
            $DB['CIPHER_LIST'] = '';
            $DB['VAULT_URL'] = '';
            $DB['VAULT_DB_PATH'] = '';
            $DB['VAULT_TOKEN'] = '';
            $DB['DOUBLE_IEEE754'] = true;
            $ZBX_SERVER_NAME = '';
            $IMAGE_FORMAT_DEFAULT = IMAGE_FORMAT_PNG;
            """);

        var port = ServiceProcess.FreePort();
        (_frontend, _frontendOutput) = Start("php", "-S", $"127.0.0.1:{port}", "-t", frontend);
        Api = new ZabbixApi(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) });
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_frontend.HasExited)
                throw new InvalidOperationException($"php -S exited with {_frontend.ExitCode}:\n{_frontendOutput}");
            try
            {
                if ((await Api.TryCallAsync("apiinfo.version", [])).Result is { } version)
                {
                    Assert.StartsWith("6.0.", (string)version!);
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < until)
            {
            }
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"the Zabbix API did not answer within 60 s:\n{_frontendOutput}");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Starts zabbix_server in the foreground on this database. The configuration cache is refreshed every second
    /// (instead of every minute) so that new hosts and discovered items are polled without a long wait.
    /// </summary>
    public void StartServer()
    {
        var config = Path.Combine(_root, "zabbix_server.conf");
        File.WriteAllText(config, $"""
            LogFile={ServerLog}
            LogFileSize=0
            PidFile={_root}/zabbix_server.pid
            SocketDir={_root}
            DBHost=127.0.0.1
            DBPort={_database!.Port}
            DBName=zabbix
            DBUser=zabbix
            DBPassword={_password}
            ListenIP=127.0.0.1
            ListenPort={FreeTrapperPort()}
            AllowRoot=1
            AllowUnsupportedDBVersions=1
            CacheUpdateFrequency=1
            StartPollers=2
            StartPreprocessors=2
            StartPingers=0
            StartDiscoverers=0
            StartHTTPPollers=0
            Timeout=10
            """);
        // The package's MariaDB 10.11 is newer than Zabbix 6.0.14 knows ("Must not be higher than (10.10.xx)"):
        // AllowUnsupportedDBVersions is the documented override.
        (_server, _serverOutput) = Start("/usr/sbin/zabbix_server", "--foreground", "--config", config);
    }

    public bool ServerRunning => _server is { HasExited: false };

    /// <summary>zabbix_server takes a ListenPort of 1024–32767 only, below the kernel's range for ephemeral ports.</summary>
    private static int FreeTrapperPort()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(20000, 32768);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // taken: try another
            }
        }
        throw new InvalidOperationException("no free port between 20000 and 32767 for zabbix_server's trapper");
    }

    private static (Process, CapturedOutput) Start(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        return (process, new CapturedOutput(process));
    }

    private static async Task StopAsync(Process? process)
    {
        if (process is null)
            return;
        if (!process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
                await term.WaitForExitAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        process.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        await StopAsync(_server);
        await StopAsync(_frontend);
        if (_database is not null)
            await _database.DisposeAsync();
        await ProcessRunner.RunAsync("rm", ["-rf", _root]);
    }
}
