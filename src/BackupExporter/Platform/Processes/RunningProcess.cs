using System.Diagnostics;

namespace BackupExporter.Platform.Processes;

/// <summary>A started program: its pipes, its end, and the stopping of its tree. Disposing stops what still runs.</summary>
internal sealed class RunningProcess : IAsyncDisposable
{
    private const int ChunkSize = 64 * 1024;
    private static readonly TimeSpan DrainAfterTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ReapWait = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly ProcessSpec _spec;
    private readonly LineTail _outputTail;
    private readonly LineTail _errorTail;
    private readonly Task _pumps;
    private volatile bool _live = true;

    private RunningProcess(Process process, ProcessSpec spec)
    {
        _process = process;
        _spec = spec;
        _outputTail = new LineTail(spec.TailLines);
        _errorTail = new LineTail(spec.TailLines);
        Pid = process.Id;
        if (spec.Input == ProcessInput.Closed)
            process.StandardInput.Close();
        _pumps = Task.WhenAll(
            Pump(spec.Output, spec.Output.Kind == OutputKind.Inherit ? null : process.StandardOutput, _outputTail),
            Pump(spec.Error, spec.Error.Kind == OutputKind.Inherit ? null : process.StandardError, _errorTail));
    }

    public int Pid { get; }

    /// <summary>The program's stdin, with <see cref="ProcessInput.Pipe"/>.</summary>
    public Stream Input => _process.StandardInput.BaseStream;

    /// <summary>The program's stdout, with <see cref="OutputSink.Stream"/>.</summary>
    public Stream Output => _process.StandardOutput.BaseStream;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit status, once it has ended (also after a cancelled <see cref="WaitAsync"/>).</summary>
    public int ExitCode => _process.ExitCode;

    internal static RunningProcess Start(ProcessSpec spec)
    {
        var info = new ProcessStartInfo(spec.File)
        {
            UseShellExecute = false,
            RedirectStandardInput = spec.Input != ProcessInput.Inherit,
            RedirectStandardOutput = spec.Output.Kind != OutputKind.Inherit,
            RedirectStandardError = spec.Error.Kind != OutputKind.Inherit,
            WorkingDirectory = spec.WorkingDirectory ?? "",
        };
        foreach (var argument in spec.Arguments)
            info.ArgumentList.Add(argument);
        foreach (var (name, value) in spec.Environment)
        {
            if (value is null)
                info.Environment.Remove(name);
            else
                info.Environment[name] = value;
        }
        var process = Process.Start(info) ?? throw new System.ComponentModel.Win32Exception(2);
        return new RunningProcess(process, spec);
    }

    /// <summary>Completes when the program itself has ended, before its output is drained (its pid is then no longer its own).</summary>
    public Task ExitedAsync() => _process.WaitForExitAsync(CancellationToken.None);

    /// <summary>Closes stdin (end of input), once the caller has written all of it.</summary>
    public void CloseInput()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // It ended meanwhile.
        }
    }

    /// <summary>
    /// Waits for the end; past the timeout stops the tree and says so. Cancelled: stops the tree, waits for it, then
    /// throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<ProcessResult> WaitAsync(CancellationToken cancellationToken)
    {
        var timedOut = false;
        using (var timeout = new CancellationTokenSource(_spec.Timeout ?? Timeout.InfiniteTimeSpan, _spec.Clock))
        using (var either = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken))
        {
            try
            {
                await _process.WaitForExitAsync(either.Token);
            }
            catch (OperationCanceledException)
            {
                await StopAsync(_spec.KillGrace);
                if (cancellationToken.IsCancellationRequested)
                {
                    _live = false;
                    throw new OperationCanceledException(cancellationToken);
                }
                timedOut = true;
            }
        }
        // A child that outlives the program (a background job) may hold a pipe open: stop waiting for it after a while.
        await Task.WhenAny(_pumps, Task.Delay(timedOut ? DrainAfterTimeout : _spec.DrainAfterExit, CancellationToken.None));
        _live = false;
        var exit = _process.ExitCode;
        return new ProcessResult(exit, ProcessResult.SignalOf(exit), timedOut, _outputTail.Lines, _errorTail.Lines);
    }

    /// <summary>SIGKILL to the whole tree now, without waiting (for a cancellation callback, or as SIGPIPE would).</summary>
    public void Kill()
    {
        if (!Exited())
            ProcessTree.Signal(ProcessTree.Of(Pid), ProcessTree.SigKill);
    }

    /// <summary>
    /// Stops the tree: SIGTERM and <paramref name="grace"/> to end, then SIGKILL to whatever is left of it, the
    /// descendants found before too (they were re-parented when their parent ended); then waits until it is reaped.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (Exited())
            return;
        var tree = ProcessTree.Of(Pid);
        if (grace > TimeSpan.Zero)
        {
            ProcessTree.Signal(tree, LibC.SigTerm);
            using var wait = new CancellationTokenSource(grace);
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        var left = tree.Where(ProcessTree.IsAlive).Union(Exited() ? [] : ProcessTree.Of(Pid)).ToList();
        ProcessTree.Signal(left, ProcessTree.SigKill);
        using var reap = new CancellationTokenSource(ReapWait);
        try
        {
            await _process.WaitForExitAsync(reap.Token);
        }
        catch (OperationCanceledException)
        {
            // Stuck in the kernel (uninterruptible I/O): it goes when the I/O ends; do not hang the caller for it.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _live = false;
        await StopAsync(TimeSpan.Zero);
        _process.Dispose();
    }

    private bool Exited()
    {
        try
        {
            return _process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private async Task Pump(OutputSink sink, StreamReader? reader, LineTail tail)
    {
        if (reader is null || sink.Kind == OutputKind.Stream)
            return;
        await Task.Yield();
        try
        {
            if (sink.Kind == OutputKind.Lines)
            {
                while (await reader.ReadLineAsync() is { } line)
                {
                    if (!_live)
                        return; // the result is made; a straggler's output no longer belongs to it
                    tail.Add(line);
                    sink.Line?.Invoke(line);
                }
                return;
            }
            var buffer = new byte[ChunkSize];
            int n;
            while ((n = await reader.BaseStream.ReadAsync(buffer)) > 0)
            {
                if (!_live)
                    return;
                sink.Bytes!(buffer.AsSpan(0, n));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    }
}
