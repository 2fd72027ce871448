using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Net;
using System.Text.Json;
using BackupExporter.Configuration;
using BackupExporter.Inspection.Logs;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Logs;

/// <summary>
/// <c>backup-exporter run</c>, the real executable, around the real mariadb-dump against the real server: what it
/// writes to the set's log and to its status file, its exit status, its retries, and that a reader never sees half a
/// status file.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class RunWrapperTests : BackupDirectoryTest
{
    public RunWrapperTests(SharedMariaDb db)
        : base(db)
    {
    }

    /// <summary>A set "nightly" of plain dumps in its own directory, its log beside it.</summary>
    private (string Config, string Dumps, string Log, string Status) Set(string name)
    {
        var root = Dir(name);
        var dumps = Directory.CreateDirectory(Path.Combine(root, "dumps")).FullName;
        var log = Path.Combine(root, "backup_error.log");
        var config = TestConfig.Write(Path.Combine(root, "config.yml"), [("nightly", dumps, b => b.Pattern("*.sql*").Log(log))]);
        return (config, dumps, log, Path.Combine(root, "state", "run", "nightly.json"));
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> Run(string config, string status, params string[] rest) =>
        ExporterProcess.RunCliAsync(["run", "--config.file=" + config, "--backup=nightly", "--status-file=" + status, .. rest]);

    private string[] Dump(params string[] extra) => [Server.DumpToolPath, .. Server.ClientArgumentList, .. extra];

    private static JsonElement Status(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement;

    private static long Lines(JsonElement status, string errorClass) => status.GetProperty("error_lines")
        .GetProperty(errorClass).GetInt64();

    /// <summary>The newest run as the exporter will read it from the log.</summary>
    private static RunSummary NewestRun(string log)
    {
        using var follower = new LogFollower(log);
        var segmenter = new RunSegmenter(LogKind.Mysqldump, new RunSegmenterOptions { Backup = "nightly" });
        Assert.Null(follower.Read(segmenter).Problem);
        return segmenter.NewestRun!;
    }

    [Fact]
    public async Task A_dump_with_a_wrong_password_is_access_denied_in_the_status_file_and_the_log()
    {
        var (config, dumps, log, status) = Set("denied");
        var r = await Run(config, status,
            ["--", .. Dump("--password=wrong-secret", "--result-file=" + Path.Combine(dumps, "shop.sql"), "shop")]);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Access denied for user", r.Stderr); // echoed as it came
        var s = Status(status);
        Assert.Equal("failed", s.GetProperty("outcome").GetString());
        Assert.Equal(2, s.GetProperty("exit_code").GetInt32());
        Assert.Equal(1, Lines(s, "access_denied"));
        Assert.Equal(0, Lines(s, "other"));
        Assert.Contains("Got error: 1045: \"Access denied for user", s.GetProperty("last_error_lines")[0].GetString());
        Assert.DoesNotContain("wrong-secret", File.ReadAllText(status));
        Assert.Contains("--password=***", s.GetProperty("command").EnumerateArray().Select(a => a.GetString()));

        var text = await File.ReadAllLinesAsync(log);
        Assert.Matches(@"^# backup-exporter run start backup=nightly pid=\d+ attempt=1 at=\S+Z$", text[0]);
        Assert.StartsWith("mariadb-dump: Got error: 1045: \"Access denied for user", text[1]);
        Assert.Matches(@"^# backup-exporter run end backup=nightly pid=\d+ attempt=1 exit=2 signal=none timeout=0 "
            + @"duration=[0-9.]+ at=\S+Z$", text[2]);
        var run = NewestRun(log);
        Assert.Equal(RunOutcome.Failed, run.Outcome);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(1, run.ErrorLines[ErrorClass.AccessDenied]);
    }

    [Fact]
    public async Task A_dump_to_a_full_disk_is_disk_full()
    {
        var (config, _, log, status) = Set("full");
        var r = await Run(config, status, ["--", .. Dump("--result-file=/dev/full", "shop")]);

        Assert.Equal(5, r.ExitCode); // mariadb-dump's own status for a write error
        var s = Status(status);
        Assert.Equal(1, Lines(s, "disk_full"));
        Assert.Equal("mariadb-dump: Got errno 28 on write", s.GetProperty("last_error_lines")[0].GetString());
        Assert.Equal(1, NewestRun(log).ErrorLines[ErrorClass.DiskFull]);
    }

    [Fact]
    public async Task A_good_dump_succeeds_with_its_artifact_and_a_sha256sum_sidecar()
    {
        var (config, dumps, log, status) = Set("good");
        var dump = Path.Combine(dumps, "shop.sql");
        var r = await Run(config, status, ["--checksum=sha256", "--", .. Dump("--single-transaction", "--result-file=" + dump, "shop")]);

        Assert.Equal(0, r.ExitCode);
        var s = Status(status);
        Assert.Equal("succeeded", s.GetProperty("outcome").GetString());
        Assert.Equal(dump, s.GetProperty("artifact").GetProperty("path").GetString());
        Assert.Equal(new FileInfo(dump).Length, s.GetProperty("artifact").GetProperty("size_bytes").GetInt64());
        Assert.Equal(dump + ".sha256", s.GetProperty("checksum").GetProperty("sidecar").GetString());
        Assert.Equal("shop.sql: OK\n", await ProcessRunner.CheckedAsync("bash", "-c", $"cd {ProcessRunner.Quote(dumps)} && "
            + $"sha256sum -c shop.sql.sha256"));
        Assert.Equal(0, s.GetProperty("error_lines").EnumerateObject().Sum(p => p.Value.GetInt64()));
        Assert.Equal(RunOutcome.Succeeded, NewestRun(log).Outcome);
    }

    [Fact]
    public async Task Exit_statuses_pass_through_and_signals_and_timeouts_are_recorded()
    {
        var (config, _, log, status) = Set("exits");

        Assert.Equal(3, (await Run(config, status, "--", "sh", "-c", "exit 3")).ExitCode);
        Assert.Equal(3, Status(status).GetProperty("exit_code").GetInt32());

        Assert.Equal(143, (await Run(config, status, "--", "sh", "-c", "kill -TERM $$")).ExitCode);
        Assert.Equal("TERM", Status(status).GetProperty("signal").GetString());
        Assert.Equal(1, Lines(Status(status), "interrupted"));

        var missing = await Run(config, status, "--", "no-such-backup-tool");
        Assert.Equal(127, missing.ExitCode);
        Assert.Contains("cannot start no-such-backup-tool: No such file or directory", missing.Stderr);

        var watch = Stopwatch.StartNew();
        // A duration no other process on the machine uses, so that pgrep below finds only this command's children.
        var sleeper = $"sleep 60.{Environment.ProcessId}{Random.Shared.Next(100_000, 999_999)}";
        var timeout = await Run(config, status, "--timeout=1s", "--", "sh", "-c", sleeper + " | cat");
        Assert.Equal(124, timeout.ExitCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        var s = Status(status);
        Assert.True(s.GetProperty("timed_out").GetBoolean());
        Assert.Equal(1, Lines(s, "interrupted"));
        Assert.Empty(await ProcessRunner.RunAsync("pgrep", ["-f", sleeper]) is { ExitCode: 0 } p ? p.Stdout.Trim() : "");
        var run = NewestRun(log);
        Assert.True(run.TimedOut);
        Assert.Equal(124, run.ExitCode);
    }

    [Fact]
    public async Task Only_transient_failures_are_retried()
    {
        var (config, _, log, status) = Set("retries");
        var deadPort = FreePort();
        var lost = await Run(config, status, ["--retries=2", "--retry-delay=100ms", "--",
            Server.DumpToolPath, "--host=127.0.0.1", "--port=" + deadPort.ToString(CultureInfo.InvariantCulture), "--user=root", "shop"]);
        Assert.Equal(2, lost.ExitCode);
        var s = Status(status);
        Assert.Equal(3, s.GetProperty("attempts").GetArrayLength());
        Assert.Equal("connection_lost", s.GetProperty("attempts")[0].GetProperty("retry_reason").GetString());
        Assert.Equal(0.1, s.GetProperty("attempts")[0].GetProperty("retry_after_seconds").GetDouble());
        Assert.Equal(0.2, s.GetProperty("attempts")[1].GetProperty("retry_after_seconds").GetDouble());
        Assert.Equal(JsonValueKind.Null, s.GetProperty("attempts")[2].GetProperty("retry_reason").ValueKind);
        Assert.Equal(3, File.ReadAllLines(log).Count(l => l.StartsWith("# backup-exporter run start", StringComparison.Ordinal)));
        Assert.Contains("retrying in 100ms", lost.Stderr);

        var denied = await Run(config, status, ["--retries=2", "--retry-delay=100ms", "--", .. Dump("--password=wrong", "shop")]);
        Assert.Equal(2, denied.ExitCode);
        Assert.Equal(1, Status(status).GetProperty("attempts").GetArrayLength());

        // Lost once, then fine: the run succeeds on its second attempt.
        var counter = Path.Combine(Root, "retries", "attempts");
        var recovered = await Run(config, status, "--retries=3", "--retry-delay=100ms", "--", "sh", "-c",
            $"echo x >> {counter}; if [ $(wc -l < {counter}) -lt 2 ]; then echo 'mysqldump: Error 2013: Lost connection to MySQL server "
                + $"during query when dumping table `orders` at row: 10000' >&2; exit 2; fi");
        Assert.Equal(0, recovered.ExitCode);
        s = Status(status);
        Assert.Equal("succeeded", s.GetProperty("outcome").GetString());
        Assert.Equal(2, s.GetProperty("attempts").GetArrayLength());
        Assert.Equal(RunOutcome.Succeeded, NewestRun(log).Outcome);
    }

    [Fact]
    public async Task The_status_file_is_always_a_whole_json_even_when_the_wrapper_is_killed()
    {
        var (config, _, _, status) = Set("atomic");
        var random = new Random(7);
        for (var round = 0; round < 4; round++)
        {
            // Fails fast and retries at once, rewriting the status file after every attempt, until it is killed.
            using var wrapper = Process.Start(Command(["run", "--config.file=" + config, "--backup=nightly", "--status-file=" + status,
                "--retries=100", "--retry-delay=1ms", "--", "sh", "-c", "echo 'mysqldump: Error 2013: Lost connection to MySQL server "
                    + "during query' >&2; exit 2"]))!;
            var killAt = DateTime.UtcNow.AddMilliseconds(300 + random.Next(700));
            var reads = 0;
            while (DateTime.UtcNow < killAt || reads == 0)
            {
                if (File.Exists(status))
                {
                    AssertWhole(status);
                    reads++;
                }
                await Task.Delay(1);
            }
            wrapper.Kill();
            await wrapper.WaitForExitAsync();
            AssertWhole(status);
        }

        static void AssertWhole(string path)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (FileNotFoundException)
            {
                throw new Xunit.Sdk.XunitException("the status file vanished between two versions");
            }
            var status = JsonDocument.Parse(text).RootElement;
            Assert.Equal("nightly", status.GetProperty("backup").GetString());
        }
    }

    [Fact]
    public async Task Term_to_the_wrapper_is_passed_on_to_the_command_and_recorded()
    {
        var (config, _, log, status) = Set("term");
        using var wrapper = Process.Start(Command(["run", "--config.file=" + config, "--backup=nightly", "--status-file=" + status,
            "--retries=5", "--", "sh", "-c", "sleep 61 | cat"]))!;
        // TERM once the command runs: its marker is in the log and its sleep is a process (not after a guessed delay).
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!(File.ReadAllText(File.Exists(log) ? log : "/dev/null").Contains("run start", StringComparison.Ordinal)
                 && (await ProcessRunner.RunAsync("pgrep", ["-f", "^sleep 61"])).ExitCode == 0))
        {
            Assert.True(DateTime.UtcNow < until, "the wrapped command did not start within 60 s");
            await Task.Delay(50);
        }
        await ProcessRunner.CheckedAsync("kill", "-TERM", wrapper.Id.ToString(CultureInfo.InvariantCulture));
        await wrapper.WaitForExitAsync();

        Assert.Equal(143, wrapper.ExitCode);
        var s = Status(status);
        Assert.Equal("failed", s.GetProperty("outcome").GetString());
        Assert.Equal("TERM", s.GetProperty("interrupted_by").GetString());
        Assert.Equal(1, s.GetProperty("attempts").GetArrayLength()); // no retry after being told to stop
        Assert.Equal(1, NewestRun(log).ErrorLines[ErrorClass.Interrupted]);
        Assert.NotEqual(0, (await ProcessRunner.RunAsync("pgrep", ["-f", "sleep 61"])).ExitCode);
    }

    [Fact]
    public async Task The_default_status_file_is_under_the_state_directory_and_a_bad_configuration_does_not_stop_the_backup()
    {
        var state = Dir("state-directory");
        var made = Path.Combine(Root, "made-anyway");
        var r = await ProcessRunner.RunAsync("dotnet", [ExporterProcess.Dll, "run", "--config.file=" + Path.Combine(Root, "missing.yml"),
            "--backup=nightly", "--",
            "touch", made], environment: new Dictionary<string, string> { ["STATE_DIRECTORY"] = state });

        Assert.Equal(0, r.ExitCode);
        Assert.True(File.Exists(made));
        Assert.Contains("the configuration cannot be used", r.Stderr);
        var s = Status(Path.Combine(state, "run", "nightly.json"));
        Assert.Equal("succeeded", s.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, s.GetProperty("log").ValueKind);
    }

    private static ProcessStartInfo Command(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardError = false,
            RedirectStandardOutput = false };
        info.ArgumentList.Add(ExporterProcess.Dll);
        foreach (var a in args)
            info.ArgumentList.Add(a);
        return info;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
