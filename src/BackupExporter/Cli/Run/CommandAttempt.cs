using System.ComponentModel;
using System.Diagnostics;
using BackupExporter.Inspection.Logs;
using BackupExporter.Platform;

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
        var info = new ProcessStartInfo(options.Command[0]) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in options.Command.Skip(1))
            info.ArgumentList.Add(argument);

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new Win32Exception(2);
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

        using (process)
        {
            signals.Child = process.Id;
            var live = new StrongBox(true);
            var pump = PumpAsync(process.StandardError.BaseStream, recorder, live);
            var timedOut = false;
            using (var timeout = new CancellationTokenSource(options.Timeout ?? Timeout.InfiniteTimeSpan, clock))
            {
                try
                {
                    await process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    timedOut = true;
                    await StopAsync(process);
                }
            }
            signals.Child = 0;
            // A child that outlives the command (a background job) may hold stderr open: stop waiting for it after a while.
            await Task.WhenAny(pump, Task.Delay(timedOut ? TimeSpan.FromSeconds(2) : StderrDrain));
            live.Value = false;
            var ended = clock.GetUtcNow();
            var exit = process.ExitCode;
            // .NET reports a child killed by signal N as exit 128+N, as shells do.
            var signal = exit is > 128 and < 128 + 65 ? RunMarkers.SignalName(exit - 128) : null;
            if (timedOut)
                exit = 124;
            return new AttemptResult
            {
                Attempt = attempt, Pid = process.Id, StartedAt = started, EndedAt = ended, ExitCode = exit, Signal = signal,
                TimedOut = timedOut, Errors = recorder.TakeAttempt(),
            };
        }
    }

    /// <summary>TERM to the whole tree, then KILL to whatever is left of it after <see cref="RunOptions.KillAfter"/>.</summary>
    private static async Task StopAsync(Process process)
    {
        var tree = ProcessTree.Of(process.Id);
        ProcessTree.Signal(tree, LibC.SigTerm);
        using var grace = new CancellationTokenSource(RunOptions.KillAfter);
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
        }
        var left = tree.Where(ProcessTree.IsAlive).Union(process.HasExited ? [] : ProcessTree.Of(process.Id)).ToList();
        ProcessTree.Signal(left, 9);
        await process.WaitForExitAsync();
    }

    private static async Task PumpAsync(Stream stderr, StderrRecorder recorder, StrongBox live)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int n;
            while ((n = await stderr.ReadAsync(buffer)) > 0)
            {
                if (!live.Value)
                    return; // the attempt is over; a straggler's output no longer belongs to it
                recorder.Append(buffer.AsSpan(0, n));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    }

    private sealed class StrongBox(bool value)
    {
        public volatile bool Value = value;
    }
}
