using System.ComponentModel;
using BackupExporter.Inspection.Logs;
using BackupExporter.Platform.Processes;

namespace BackupExporter.Cli.Run;

/// <summary>How one attempt of the command ended.</summary>
internal sealed record AttemptResult
{
    public required int Attempt { get; init; }

    public int? Pid { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset EndedAt { get; init; }

    /// <summary>The command's exit status; 124 after a timeout (as coreutils' timeout); 127/126 when it could not be started.</summary>
    public required int ExitCode { get; init; }

    /// <summary>The signal that ended it, by name; also when a shell reported 128+N (the two cannot be told apart).</summary>
    public string? Signal { get; init; }

    public bool TimedOut { get; init; }

    public required AttemptErrors Errors { get; init; }

    public TimeSpan Duration => EndedAt - StartedAt;

    public bool Succeeded => ExitCode == 0;
}

/// <summary>Runs the command once, without a shell: its stdin and stdout are the wrapper's, its stderr goes to the recorder.</summary>
internal static class CommandAttempt
{
    /// <summary>How long stderr may stay open after the command ended (a background child holding it): then reading stops.</summary>
    private static readonly TimeSpan StderrDrain = TimeSpan.FromSeconds(10);

    public static async Task<AttemptResult> RunAsync(int attempt, RunOptions options, StderrRecorder recorder,
        WrapperSignals signals, TimeProvider clock)
    {
        var started = clock.GetUtcNow();
        var spec = new ProcessSpec(options.Command[0], [.. options.Command.Skip(1)])
        {
            Input = ProcessInput.Inherit,
            Output = OutputSink.Inherit,
            Error = OutputSink.Chunks(recorder.Append),
            Timeout = options.Timeout,
            Clock = clock,
            // TERM to the whole tree, then KILL to whatever is left of it, as coreutils' timeout --kill-after.
            KillGrace = RunOptions.KillAfter,
            DrainAfterExit = StderrDrain,
        };

        RunningProcess process;
        try
        {
            process = ProcessRunner.Start(spec);
        }
        catch (Win32Exception e)
        {
            // The shell's codes: 127 not found, 126 found but not executable.
            var reason = e.Message[(e.Message.LastIndexOf(". ", StringComparison.Ordinal) + 1)..].Trim();
            recorder.Say($"backup-exporter run: cannot start {options.Command[0]}: {reason}");
            return new AttemptResult
            {
                Attempt = attempt, StartedAt = started, EndedAt = clock.GetUtcNow(), ExitCode = e.NativeErrorCode == 2 ? 127 : 126,
                Errors = recorder.TakeAttempt(),
            };
        }

        await using (process)
        {
            signals.Child = process.Pid;
            var waiting = process.WaitAsync(CancellationToken.None);
            // Signals go to the command only while it runs, not while a straggler's stderr is drained.
            await Task.WhenAny(process.ExitedAsync(), waiting);
            signals.Child = 0;
            var result = await waiting;
            var signal = result.Signal is { } number ? RunMarkers.SignalName(number) : null;
            return new AttemptResult
            {
                Attempt = attempt, Pid = process.Pid, StartedAt = started, EndedAt = clock.GetUtcNow(),
                ExitCode = result.TimedOut ? 124 : result.ExitCode, Signal = signal, TimedOut = result.TimedOut,
                Errors = recorder.TakeAttempt(),
            };
        }
    }
}
