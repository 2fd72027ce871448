using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using BackupExporter.Platform;
using BackupExporter.Platform.Processes;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Platform.Processes;

/// <summary>The process runner against real programs: sh, sleep, cat.</summary>
public sealed class ProcessRunnerTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ProcessSpec Sh(string script) => new("sh", ["-c", script]);

    [Fact]
    public async Task Reports_the_exit_code_and_the_last_lines_of_each_stream()
    {
        var result = await ProcessRunner.RunAsync(Sh("echo one; echo two >&2; echo; echo three; exit 3"), CancellationToken.None);

        Assert.Equal(3, result.ExitCode);
        Assert.Null(result.Signal);
        Assert.False(result.TimedOut);
        Assert.False(result.Ok);
        Assert.Equal(["one", "three"], result.OutputTail);
        Assert.Equal(["two"], result.ErrorTail);
        Assert.Equal("three", result.LastLine);
    }

    [Fact]
    public async Task Keeps_only_the_newest_lines()
    {
        var result = await ProcessRunner.RunAsync(new ProcessSpec("seq", ["1", "1000"]) { TailLines = 3 }, CancellationToken.None);

        Assert.True(result.Ok);
        Assert.Equal(["998", "999", "1000"], result.OutputTail);
    }

    [Fact]
    public async Task Reports_the_signal_that_ended_the_program()
    {
        var result = await ProcessRunner.RunAsync(Sh("kill -TERM $$; sleep 5"), CancellationToken.None);

        Assert.Equal(128 + 15, result.ExitCode);
        Assert.Equal(15, result.Signal);
        Assert.False(result.TimedOut);
    }

    [Fact]
    public async Task Streams_each_line_while_the_program_still_runs()
    {
        var first = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var process = ProcessRunner.Start(Sh("echo ready; exec sleep 300") with
        {
            Output = OutputSink.Lines(line => first.TrySetResult(line)),
        });

        Assert.Equal("ready", await first.Task.WaitAsync(Patience));
        Assert.False(process.HasExited);
    }

    [Fact]
    public async Task Hands_stderr_over_as_the_bytes_it_wrote()
    {
        var bytes = new List<byte>();
        var result = await ProcessRunner.RunAsync(Sh("printf 'a\\r\\nb' >&2") with
        {
            Error = OutputSink.Chunks(chunk =>
            {
                lock (bytes)
                    bytes.AddRange(chunk.ToArray());
            }),
        }, CancellationToken.None);

        Assert.True(result.Ok);
        Assert.Equal("a\r\nb", Encoding.UTF8.GetString([.. bytes]));
        Assert.Empty(result.ErrorTail); // bytes, not lines
    }

    [Fact]
    public async Task Feeds_stdin_from_the_caller_and_closes_it_by_default()
    {
        await using (var cat = ProcessRunner.Start(new ProcessSpec("cat", []) { Input = ProcessInput.Pipe }))
        {
            await cat.Input.WriteAsync("hello\nworld\n"u8.ToArray());
            cat.CloseInput();
            var fed = await cat.WaitAsync(CancellationToken.None);
            Assert.Equal(["hello", "world"], fed.OutputTail);
        }

        // Without input, cat sees the end of its stdin at once instead of waiting on the exporter's own.
        var closed = await ProcessRunner.RunAsync(new ProcessSpec("cat", []), CancellationToken.None).WaitAsync(Patience);
        Assert.True(closed.Ok);
        Assert.Empty(closed.OutputTail);
    }

    [Fact]
    public async Task Sets_and_removes_environment_variables_and_runs_in_the_working_directory()
    {
        // A name of its own: no other test reads it, and the child would inherit it unless removed.
        Environment.SetEnvironmentVariable("BACKUP_EXPORTER_RUNNER_TEST", "inherited");
        var spec = Sh("echo \"$ADDED/${BACKUP_EXPORTER_RUNNER_TEST-removed}\"; pwd") with
        {
            Environment = new Dictionary<string, string?> { ["ADDED"] = "set", ["BACKUP_EXPORTER_RUNNER_TEST"] = null },
            WorkingDirectory = _dir.Path,
        };

        var result = await ProcessRunner.RunAsync(spec, CancellationToken.None);
        var inherited = await ProcessRunner.RunAsync(Sh("echo \"$BACKUP_EXPORTER_RUNNER_TEST\""), CancellationToken.None);

        Assert.Equal(["inherited"], inherited.OutputTail);
        Assert.Equal(["set/removed", _dir.Path], result.OutputTail);
    }

    [Fact]
    public async Task A_program_that_does_not_exist_cannot_be_started()
    {
        var e = await Assert.ThrowsAsync<Win32Exception>(() =>
            ProcessRunner.RunAsync(new ProcessSpec(_dir.File("missing"), []), CancellationToken.None));

        Assert.Equal(2, e.NativeErrorCode);
    }

    [Fact]
    public async Task A_timeout_kills_the_whole_tree_also_a_child_that_ignores_SIGTERM()
    {
        var pidFile = _dir.File("child.pid");
        // The child ignores TERM (and so does the sleep it runs): only the KILL after the grace stops it.
        var spec = Sh($"sh -c 'trap \"\" TERM; echo $$ > {pidFile}; exec sleep 300' & wait") with
        {
            Timeout = TimeSpan.FromSeconds(1),
            KillGrace = TimeSpan.FromMilliseconds(500),
        };
        var clock = Stopwatch.StartNew();

        var result = await ProcessRunner.RunAsync(spec, CancellationToken.None);

        Assert.True(result.TimedOut);
        Assert.False(result.Ok);
        Assert.True(clock.Elapsed < Patience, $"took {clock.Elapsed}");
        var child = ReadPid(pidFile);
        Assert.True(await GoneAsync(child), $"the child {child} still runs");
    }

    [Fact]
    public async Task Without_a_grace_the_tree_is_killed_at_once()
    {
        var pidFile = _dir.File("child.pid");
        var spec = Sh($"sh -c 'trap \"\" TERM; echo $$ > {pidFile}; exec sleep 300' & wait") with { Timeout = TimeSpan.FromSeconds(1) };
        var clock = Stopwatch.StartNew();

        var result = await ProcessRunner.RunAsync(spec, CancellationToken.None);

        Assert.True(result.TimedOut);
        Assert.Equal(9, result.Signal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"took {clock.Elapsed}");
        Assert.True(await GoneAsync(ReadPid(pidFile)));
    }

    [Fact]
    public async Task Cancellation_kills_the_whole_tree_then_throws()
    {
        var pidFile = _dir.File("child.pid");
        using var cancel = new CancellationTokenSource();
        await using var process = ProcessRunner.Start(Sh($"sleep 300 & echo $! > {pidFile}; wait"));
        while (!File.Exists(pidFile) || File.ReadAllText(pidFile).Trim().Length == 0)
            await Task.Delay(20);
        var child = ReadPid(pidFile);
        Assert.True(ProcessState.IsAlive(child));

        var waiting = process.WaitAsync(cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience));
        Assert.True(process.HasExited);
        Assert.True(await GoneAsync(child), $"the sleep {child} still runs");
    }

    [Fact]
    public async Task A_background_child_holding_the_output_open_does_not_hold_up_the_result()
    {
        var pidFile = _dir.File("child.pid");
        var spec = Sh($"sleep 300 & echo $! > {pidFile}; echo done") with { DrainAfterExit = TimeSpan.FromMilliseconds(500) };
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await ProcessRunner.RunAsync(spec, CancellationToken.None);

            Assert.True(result.Ok);
            Assert.Equal(["done"], result.OutputTail);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        }
        finally
        {
            LibC.Kill(ReadPid(pidFile), 9);
        }
    }

    private static int ReadPid(string file) => int.Parse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture);

    private static async Task<bool> GoneAsync(int pid)
    {
        for (var i = 0; i < 100 && ProcessState.IsAlive(pid); i++)
            await Task.Delay(50);
        return !ProcessState.IsAlive(pid);
    }
}
