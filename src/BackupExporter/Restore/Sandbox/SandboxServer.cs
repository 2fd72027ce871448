using System.Globalization;
using MySqlConnector;
using BackupExporter.Inspection.Drills;
using BackupExporter.Platform.Processes;

namespace BackupExporter.Restore.Sandbox;

/// <summary>
/// The throwaway server a drill restores into: the host's own <c>mariadbd</c>/<c>mysqld</c>, on a socket only
/// (<c>--skip-networking</c>) in a 0700 directory, root without password (nothing but this user can reach the
/// socket), at the drill's own priority and under an address-space cap. It runs under a small shell watchdog that reads
/// the drill's end of a pipe: when the drill process dies, even by SIGKILL, the pipe closes and the watchdog kills
/// the server, so no sandbox outlives its drill.
/// </summary>
internal sealed class SandboxServer : IAsyncDisposable
{
    // $1: the pid file the server writes; the rest: the server's command line. Exits with the server's status.
    private const string Watchdog =
        """
        exec 3<&0 2>/dev/null
        "$@" </dev/null >/dev/null 2>&1 &
        server=$!
        { cat <&3 >/dev/null; kill -KILL "$server" 2>/dev/null; } &
        wait "$server"
        """;

    private readonly RunningProcess _watchdog;

    private SandboxServer(RunningProcess watchdog, string directory, string dataDirectory)
    {
        _watchdog = watchdog;
        Directory = directory;
        DataDirectory = dataDirectory;
    }

    public string Directory { get; }

    public string DataDirectory { get; }

    public string SocketPath => SocketOf(Directory);

    public string ErrorLogPath => Path.Combine(Directory, "run", "error.log");

    public static string SocketOf(string directory) => Path.Combine(directory, "run", "mysqld.sock");

    /// <summary>The longest socket path a Unix socket takes (sun_path holds 108 bytes with its closing NUL).</summary>
    public const int LongestSocketPath = 107;

    /// <summary>Why a sandbox in <paramref name="directory"/> could not listen: its socket path is too long; else null.</summary>
    public static string? SocketPathProblem(string directory)
    {
        var socket = SocketOf(directory);
        var bytes = System.Text.Encoding.UTF8.GetByteCount(socket);
        return bytes <= LongestSocketPath ? null
            : $"the sandbox's socket {socket} would be {bytes} bytes long, more than the {LongestSocketPath} a Unix socket path may have: "
                + $"choose a shorter restore_test.scratch_dir";
    }

    public static string PidFileOf(string directory) => Path.Combine(directory, "run", "mysqld.pid");

    public string ConnectionString => $"Server={SocketPath};Protocol=Unix;User ID=root;Connection Timeout=10;Default Command "
        + $"Timeout=0;Pooling=false;Allow User Variables=true";

    /// <summary>Peak resident memory of the server so far (VmHWM), for the drill's report; null when unreadable.</summary>
    public long? PeakResidentBytes()
    {
        try
        {
            var pid = int.Parse(File.ReadAllText(PidFileOf(Directory)).Trim(), CultureInfo.InvariantCulture);
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
                CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The command prefix of a scheduled drill's child process: nice 10, best-effort I/O at its lowest level, so that it
    /// yields the cores to the exporter's scrapes. Its sandbox inherits it. A drill run by hand is not lowered: its
    /// sandbox restores at the priority a DBA's own restore would have (bench/README.md, "Restore drills").
    /// </summary>
    public static readonly string[] LowPriority = ["nice", "-n", "10", "ionice", "-c", "2", "-n", "7"];

    /// <summary>The server binary, found as the tests find it: on PATH or in the sbin directories.</summary>
    public static string? FindServerBinary() => Executables.Find("mariadbd", "mysqld");

    /// <summary>Makes an empty data directory with <c>mariadb-install-db</c> (root: no password, socket only).</summary>
    public static async Task InitialiseAsync(string directory, string dataDirectory, CancellationToken cancellationToken)
    {
        var install = Executables.Find("mariadb-install-db", "mysql_install_db")
            ?? throw new DrillFailedException(DrillPhases.Restore, "no mariadb-install-db (or mysql_install_db) on this host to create the "
                + "sandbox's data directory; install mariadb-server");
        var tmp = System.IO.Directory.CreateDirectory(Path.Combine(directory, "tmp")).FullName;
        var result = await ToolStart.RunAsync(install,
            ["--no-defaults", .. RootOption, $"--datadir={dataDirectory}", $"--tmpdir={tmp}",
                "--auth-root-authentication-method=normal", "--skip-test-db",
                RedoLogOption],
            cancellationToken);
        if (result.ExitCode != 0)
            throw new DrillFailedException(DrillPhases.Restore, $"{install} failed with exit code {result.ExitCode}: {result.LastLine}");
    }

    /// <summary>
    /// Starts the server on <paramref name="dataDirectory"/> (fresh or a prepared physical backup) and returns once it
    /// accepts connections. <paramref name="skipGrants"/>: a restored datadir carries the backed-up server's accounts.
    /// </summary>
    public static async Task<SandboxServer> StartAsync(string directory, string dataDirectory, long memoryLimitBytes, bool skipGrants,
        CancellationToken cancellationToken)
    {
        var binary = FindServerBinary()
            ?? throw new DrillFailedException(DrillPhases.Restore, "no mariadbd or mysqld on this host to run the sandbox server; "
                + "install mariadb-server");
        var run = System.IO.Directory.CreateDirectory(Path.Combine(directory, "run")).FullName;
        var tmp = System.IO.Directory.CreateDirectory(Path.Combine(directory, "tmp")).FullName;
        List<string> server =
        [
            "prlimit", $"--as={memoryLimitBytes.ToString(CultureInfo.InvariantCulture)}", "--",
            binary, "--no-defaults", .. RootOption, $"--datadir={dataDirectory}", $"--socket={SocketOf(directory)}",
            "--skip-networking", $"--pid-file={PidFileOf(directory)}", $"--log-error={Path.Combine(run, "error.log")}",
            $"--tmpdir={tmp}", .. ServerOptions(memoryLimitBytes),
        ];
        if (skipGrants)
            server.Add("--skip-grant-tables");
        var watchdog = ToolStart.Start(new ProcessSpec("bash", ["-c", Watchdog, "sandbox", .. server])
        {
            Environment = MallocArenas,
            Input = ProcessInput.Pipe, // its end is the drill's: see Watchdog
            Output = OutputSink.Inherit,
            Error = OutputSink.Inherit,
        });
        var sandbox = new SandboxServer(watchdog, directory, dataDirectory);
        try
        {
            await sandbox.WaitUntilReadyAsync(binary, cancellationToken);
            return sandbox;
        }
        catch
        {
            await sandbox.DisposeAsync();
            throw;
        }
    }

    // Each glibc arena reserves 64 MiB of the capped address space.
    private static readonly Dictionary<string, string?> MallocArenas = new(StringComparer.Ordinal) { ["MALLOC_ARENA_MAX"] = "2" };

    /// <summary>The redo log of a sandbox: large enough that a load of hundreds of MiB does not stall on checkpoints.</summary>
    public const long RedoLogBytes = 512L << 20;

    private static string RedoLogOption => $"--innodb-log-file-size={RedoLogBytes.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The largest <c>max_allowed_packet</c> a MariaDB or MySQL server and client accept (1 GiB): the sandbox and the
    /// clients that load into it use it, so that a dump a DBA can load (a 25 MB BLOB row) does not fail in the drill.
    /// </summary>
    public const long MaxPacketBytes = 1L << 30;

    public static string MaxPacketOption => $"--max-allowed-packet={MaxPacketBytes.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The server options of the restore docs/runbooks.md ("Restoring a backup") tells a DBA to run, and no faster ones,
    /// so that the drill's time is the restore time a DBA would meet: doublewrite stays on (it cannot be turned off
    /// without a restart), the redo log is flushed once a second rather than at each commit (the runbook's
    /// <c>SET GLOBAL innodb_flush_log_at_trx_commit=2</c> for the load: a crash during a load means loading again), no
    /// binlog (the runbook's load runs with <c>sql_log_bin=0</c>), a redo log that does not force checkpoints during the
    /// load, the largest packet, and a quarter of the memory cap as buffer pool (the rest of the cap is the server's own
    /// address space). bench/drill.sh times the drill against that restore, side by side.
    /// </summary>
    public static IReadOnlyList<string> ServerOptions(long memoryLimitBytes) =>
    [
        "--skip-log-bin", $"--innodb-buffer-pool-size={Math.Max(64L << 20, memoryLimitBytes / 4).ToString(CultureInfo.InvariantCulture)}",
        RedoLogOption, "--innodb-flush-log-at-trx-commit=2", MaxPacketOption,
        "--max-connections=20", "--performance-schema=OFF", "--skip-name-resolve",
    ];

    private static string[] RootOption => Environment.UserName == "root" ? ["--user=root"] : [];

    private async Task WaitUntilReadyAsync(string binary, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow.AddMinutes(5); // crash recovery of a large prepared datadir takes a while
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_watchdog.HasExited)
                throw new DrillFailedException(DrillPhases.Restore, $"the sandbox server {binary} did not start (exit "
                    + $"code {_watchdog.ExitCode}): {ErrorLogTail()}");
            try
            {
                await using var connection = new MySqlConnection(ConnectionString);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (MySqlException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (MySqlException e)
            {
                throw new DrillFailedException(DrillPhases.Restore, $"the sandbox server did not accept connections within 5 minutes "
                    + $"({e.Message}): {ErrorLogTail()}");
            }
        }
    }

    /// <summary>The server's own [ERROR] lines, or the end of its error log: why it would not start.</summary>
    public string ErrorLogTail()
    {
        try
        {
            var lines = File.ReadAllLines(ErrorLogPath);
            var errors = lines.Where(l => l.Contains("[ERROR]", StringComparison.Ordinal)).Take(3).ToList();
            return string.Join(" / ", errors.Count > 0 ? errors : lines.TakeLast(3));
        }
        catch (IOException)
        {
            return "(no error log)";
        }
    }

    /// <summary>True while the server runs.</summary>
    public bool IsRunning => !_watchdog.HasExited;

    /// <summary>Kills the server (a sandbox needs no clean shutdown) and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        _watchdog.CloseInput(); // the watchdog's cat ends and kills the server
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _watchdog.WaitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            // The runner killed the watchdog's whole tree, the server with it.
        }
        await _watchdog.DisposeAsync();
    }
}
