using System.Text.Json;
using System.Text;
using BackupExporter.Cli.Run;
using BackupExporter.Cli;
using BackupExporter.Configuration;
using BackupExporter.Inspection.Logs;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Cli.Run;

/// <summary>The parts of <c>backup-exporter run</c>; the whole, with real tools, is in the integration tests.</summary>
[Subject(typeof(RunOptions))]
public sealed class RunWrapperPartsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static (RunOptions? Options, string? Error) Options(params string[] args)
    {
        var (line, error) = CommandLine.Parse(["run", .. args]);
        return line is null ? (null, error) : RunOptions.From(line.Flags, line.Trailing, line.Flag("config.file"));
    }

    [Fact]
    public void Everything_after_the_double_dash_is_the_command_untouched()
    {
        var (options, error) = Options("--config.file=c.yml", "--backup", "nightly", "--retries=2", "--timeout=2h", "--checksum", "sha256",
            "--", "mariadb-dump", "--password=secret", "--", "--backup=x");
        Assert.Null(error);
        Assert.Equal(["mariadb-dump", "--password=secret", "--", "--backup=x"], options!.Command);
        Assert.Equal(("c.yml", "nightly", 2, TimeSpan.FromHours(2), true), (options.ConfigFile, options.Backup, options.Retries,
            options.Timeout, options.Sha256));
        Assert.Equal(TimeSpan.FromSeconds(30), options.RetryDelay);
    }

    [Theory]
    [InlineData("run needs --backup=NAME", "--", "true")]
    [InlineData("run takes one backup set", "--backup=a", "--backup=b", "--", "true")]
    [InlineData("run needs the command to run after --", "--backup=a")]
    [InlineData("run needs the command to run after --", "--backup=a", "--")]
    [InlineData("--retries=\"-1\" is not a whole number", "--backup=a", "--retries=-1", "--", "true")]
    [InlineData("--retries=\"101\" is not a whole number", "--backup=a", "--retries=101", "--", "true")]
    [InlineData("--timeout: ", "--backup=a", "--timeout=10", "--", "true")]
    [InlineData("--retry-delay: ", "--backup=a", "--retry-delay=soon", "--", "true")]
    [InlineData("--checksum=\"md5\" is not one of sha256, none", "--backup=a", "--checksum=md5", "--", "true")]
    [InlineData("unexpected argument \"mysqldump\"", "--backup=a", "mysqldump")]
    [InlineData("unknown flag --output for command run", "--output=json", "--", "true")]
    public void Mistakes_in_the_crontab_line_are_named(string expected, params string[] args)
    {
        var (options, error) = Options(args);
        Assert.Null(options);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void The_usage_shows_where_the_command_goes()
    {
        Assert.StartsWith("usage: backup-exporter run [FLAGS] -- COMMAND [ARGS...]", CommandLine.Usage("run"));
        Assert.Contains("--retries", CommandLine.Usage("run"));
    }

    private static AttemptResult Attempt(int exit, bool timedOut = false, params ErrorClass[] classes)
    {
        var lines = ErrorClasses.All.ToDictionary(c => c, c => (long)classes.Count(x => x == c));
        var at = DateTimeOffset.UnixEpoch;
        return new AttemptResult
        {
            Attempt = 1, Pid = 1, StartedAt = at, EndedAt = at, ExitCode = exit, TimedOut = timedOut, Errors = new AttemptErrors(lines, []),
        };
    }

    [Fact]
    public void Only_transient_failures_are_retried()
    {
        Assert.Equal("connection_lost", RetryPolicy.Reason(Attempt(2, false, ErrorClass.ConnectionLost)));
        Assert.Equal("connection_lost, lock_timeout", RetryPolicy.Reason(Attempt(2, false, ErrorClass.LockTimeout,
            ErrorClass.ConnectionLost)));
        Assert.Equal("lock_timeout", RetryPolicy.Reason(Attempt(2, false, ErrorClass.LockTimeout, ErrorClass.Other)));
        Assert.Null(RetryPolicy.Reason(Attempt(2, false, ErrorClass.ConnectionLost, ErrorClass.AccessDenied)));
        Assert.Null(RetryPolicy.Reason(Attempt(2, false, ErrorClass.AccessDenied)));
        Assert.Null(RetryPolicy.Reason(Attempt(2, false, ErrorClass.Other)));
        Assert.Null(RetryPolicy.Reason(Attempt(2)));
        Assert.Null(RetryPolicy.Reason(Attempt(0, false, ErrorClass.ConnectionLost))); // succeeded despite the line
        Assert.Null(RetryPolicy.Reason(Attempt(124, true, ErrorClass.ConnectionLost)));
    }

    [Fact]
    public void Retry_delays_double_up_to_an_hour()
    {
        var first = TimeSpan.FromSeconds(30);
        Assert.Equal([30, 60, 120, 240], Enumerable.Range(1, 4).Select(a => RetryPolicy.Delay(first, a).TotalSeconds));
        Assert.Equal(TimeSpan.FromHours(1), RetryPolicy.Delay(first, 40));
    }

    [Fact]
    public void The_recorder_cuts_stderr_into_lines_however_it_arrives_and_appends_to_the_log()
    {
        var log = _dir.File("job.log");
        File.WriteAllText(log, "older line\n");
        using var echo = new MemoryStream();
        using (var recorder = new StderrRecorder(echo, log, LogKind.Mysqldump))
        {
            recorder.WriteLogLine(RunMarkers.Start("nightly", 1, 1, DateTimeOffset.UnixEpoch));
            foreach (var piece in new[] { "mariadb-dump: Got err", "no 28 on write\r\nWarning: A partial dump\nmariadb-dump: Got error: "
                + "1045: \"Access denied", " for user\" when trying to connect" })
                recorder.Append(Encoding.UTF8.GetBytes(piece));
            recorder.WriteLogLine(RunMarkers.End("nightly", 1, 1, 2, null, false, TimeSpan.FromSeconds(1), DateTimeOffset.UnixEpoch));
            var errors = recorder.TakeAttempt();
            Assert.Equal(1, errors.Lines[ErrorClass.DiskFull]);
            Assert.Equal(1, errors.Lines[ErrorClass.AccessDenied]);
            Assert.Equal(2, errors.Lines.Values.Sum());
            Assert.Equal("mariadb-dump: Got error: 1045: \"Access denied for user\" when trying to connect", errors.LastLines[^1]);
            Assert.Equal(0, recorder.TakeAttempt().Lines.Values.Sum());
        }
        var lines = File.ReadAllLines(log);
        Assert.Equal("older line", lines[0]);
        Assert.StartsWith("# backup-exporter run start", lines[1]);
        Assert.Equal("mariadb-dump: Got error: 1045: \"Access denied for user\" when "
            + "trying to connect", lines[^2]); // the end marker on a line of its own
        Assert.StartsWith("# backup-exporter run end", lines[^1]);
        Assert.Equal("mariadb-dump: Got errno 28 on write\r\nWarning: A partial dump\nmariadb-dump: Got error: 1045: \"Access denied for "
            + "user\" when trying to connect",
            Encoding.UTF8.GetString(echo.ToArray()));
    }

    [Fact]
    public void Two_writers_of_one_log_never_overwrite_each_other()
    {
        var log = _dir.File("shared.log");
        using var a = new StderrRecorder(Stream.Null, log, LogKind.Run);
        using var b = new StderrRecorder(Stream.Null, log, LogKind.Run);
        for (var i = 0; i < 500; i++)
        {
            a.Append(Encoding.ASCII.GetBytes($"a{i:000}\n"));
            b.Append(Encoding.ASCII.GetBytes($"b{i:000}\n"));
        }
        var lines = File.ReadAllLines(log);
        Assert.Equal(1000, lines.Length);
        Assert.Equal(500, lines.Count(l => l.StartsWith('a')));
    }

    [Fact]
    public void A_log_that_cannot_be_written_is_a_problem_not_a_failure()
    {
        File.WriteAllText(_dir.File("file"), "");
        using var echo = new MemoryStream();
        using var recorder = new StderrRecorder(echo, _dir.File("file/job.log"), LogKind.Mysqldump);
        Assert.NotNull(recorder.LogProblem);
        recorder.Append("mariadb-dump: Got errno 28 on write\n"u8);
        Assert.Equal(1, recorder.TakeAttempt().Lines[ErrorClass.DiskFull]);
        Assert.Equal("mariadb-dump: Got errno 28 on write\n", Encoding.UTF8.GetString(echo.ToArray()));
    }

    [Fact]
    public async Task A_run_in_process_passes_the_exit_status_through_and_records_it()
    {
        var config = _dir.File("c.yml");
        var dumps = Directory.CreateDirectory(_dir.File("dumps")).FullName;
        File.WriteAllText(config, $"backups:\n  - name: nightly\n    kind: mysqldump\n    path: {dumps}\n    pattern: \"*.sql\"\n    "
            + $"log: {_dir.File("job.log")}\n");
        var status = _dir.File("state/run/nightly.json");
        var (line, _) = CommandLine.Parse(["run", "--config.file=" + config, "--backup=nightly", "--status-file=" + status,
            "--checksum=sha256", "--",
            "sh", "-c", $"echo 'mysqldump: Got error: 1049: \"Unknown database x\" when selecting the database' >&2; echo partial "
                + $"> {dumps}/x.sql; exit 3"]);
        using var messages = new StringWriter();

        var exit = await RunCommand.RunAsync(line!, messages, Stream.Null, TimeProvider.System);

        Assert.Equal(3, exit);
        using var json = JsonDocument.Parse(File.ReadAllText(status));
        var root = json.RootElement;
        Assert.Equal("failed", root.GetProperty("outcome").GetString());
        Assert.Equal(3, root.GetProperty("exit_code").GetInt32());
        Assert.Equal(1, root.GetProperty("error_lines").GetProperty("missing_table").GetInt64());
        Assert.Equal(Path.Combine(dumps, "x.sql"), root.GetProperty("artifact").GetProperty("path").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("checksum").ValueKind);
        Assert.Contains("no checksum written: the command failed", root.GetProperty("problems").EnumerateArray()
            .Select(p => p.GetString()));
        Assert.False(File.Exists(Path.Combine(dumps, "x.sql.sha256")));
        Assert.Contains("no checksum written", messages.ToString());

        var segmenter = new RunSegmenter(LogKind.Mysqldump);
        using var follower = new LogFollower(_dir.File("job.log"));
        follower.Read(segmenter);
        Assert.Equal(RunOutcome.Failed, segmenter.NewestRun!.Outcome);
        Assert.Equal(3, segmenter.NewestRun.ExitCode);
        Assert.Equal(1, segmenter.NewestRun.ErrorLines[ErrorClass.MissingTable]);
    }
}
