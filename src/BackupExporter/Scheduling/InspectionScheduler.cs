using BackupExporter.Inspection;
using BackupExporter.Platform;
using BackupExporter.Snapshots;

namespace BackupExporter.Scheduling;

/// <summary>
/// Runs every inspection in the background on its own interval, each bounded by its timeout. A run never overlaps
/// the previous run of the same inspection, even one stuck past its timeout (counted as stuck until it returns); a
/// failure or timeout keeps the last observation and is recorded, except where the inspection says what a timeout
/// means (a server that does not answer is down). After a timeout the next run waits longer, doubling up to
/// <see cref="MaxBackoffFactor"/> × its interval, so that an artifact that cannot be read in time (a decompression
/// bomb, a walk of /) does not keep a core busy; the status and the log say so.
/// </summary>
internal sealed class InspectionScheduler : IAsyncDisposable
{
    private readonly SnapshotStore _store;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly HeapTrim? _trim;
    private readonly Dictionary<string, RunningLoop> _loops = new();
    private readonly Lock _loopsLock = new();
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait after timeouts in a row, in intervals.</summary>
    public const int MaxBackoffFactor = 8;

    /// <summary>The wait before the next run after <paramref name="timeouts"/> timeouts in a row: 2, 4, 8 × the interval.</summary>
    public static TimeSpan Backoff(TimeSpan interval, int timeouts)
    {
        var factor = Math.Min(1L << Math.Min(timeouts, 30), MaxBackoffFactor);
        var longest = Configuration.DurationParser.LongestTimer;
        var wait = interval.Ticks > longest.Ticks / factor ? longest : interval * factor;
        return timeouts <= 0 ? interval : wait;
    }

    /// <param name="trim">told after each published run (serve); none for a single round (verify)</param>
    public InspectionScheduler(SnapshotStore store, TimeProvider clock, ILogger<InspectionScheduler> log, HeapTrim? trim = null)
    {
        _store = store;
        _clock = clock;
        _log = log;
        _trim = trim;
    }

    /// <summary>
    /// Makes <paramref name="inspections"/> the running set: loops of inspections no longer listed stop, new ones
    /// start, and those whose instance is unchanged keep running undisturbed.
    /// </summary>
    public void Run(IReadOnlyList<IInspection> inspections)
    {
        lock (_loopsLock)
        {
            var wanted = inspections.ToDictionary(i => i.Name);
            foreach (var (name, loop) in _loops.ToList())
            {
                if (wanted.TryGetValue(name, out var keep) && ReferenceEquals(keep, loop.Inspection))
                    continue;
                loop.Stop.Cancel();
                _loops.Remove(name);
                // An inspection that holds resources (a log follower's open file) is released once its loop has ended.
                _ = loop.Task.ContinueWith(_ => Release(loop), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }
            foreach (var inspection in inspections)
            {
                if (_loops.ContainsKey(inspection.Name))
                    continue;
                var stop = new CancellationTokenSource();
                _loops[inspection.Name] = new RunningLoop(inspection, stop, Task.Run(() => LoopAsync(inspection, stop.Token)));
            }
        }
    }

    /// <summary>
    /// One round of every inspection, in parallel, for the <c>verify</c> command; returns when each has finished or timed
    /// out (a stuck one is left behind: the process is about to exit).
    /// </summary>
    public Task RunOnceAsync(IEnumerable<IInspection> inspections, CancellationToken cancellationToken) =>
        Task.WhenAll(inspections.Select(i => RunOneAsync(i, timeoutsBefore: null, cancellationToken)));

    private async Task LoopAsync(IInspection inspection, CancellationToken stop)
    {
        try
        {
            using var timer = new PeriodicTimer(inspection.Interval, _clock);
            var timeouts = 0;
            do
            {
                var (unfinished, timedOut) = await RunOneAsync(inspection, timeouts, stop);
                // A run past its timeout may be stuck in the kernel (a hung NFS read): it is never started a second
                // time beside itself, so no thread or descriptor piles up; the loop goes on once it has returned.
                if (unfinished is not null)
                    await WaitForStuckAsync(inspection, unfinished);
                timeouts = timedOut ? timeouts + 1 : 0;
                if (timeouts > 0)
                {
                    var wait = Backoff(inspection.Interval, timeouts);
                    _log.LogWarning(
                        "inspection {Inspection} timed out {Count} times in a row: backing off, next run in {Wait} instead of {Interval}",
                        inspection.Name, timeouts, Configuration.DurationParser.Format(wait),
                        Configuration.DurationParser.Format(inspection.Interval));
                    // The timer keeps one tick pending meanwhile, so the next run starts right after the wait.
                    await Task.Delay(wait, _clock, stop);
                }
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <param name="timeoutsBefore">timeouts in a row before this run, in a loop (which backs off after one); null for one round</param>
    /// <returns>the run when it went past its timeout and has not returned yet (else null); whether it timed out</returns>
    private async Task<(Task? Unfinished, bool TimedOut)> RunOneAsync(IInspection inspection, int? timeoutsBefore, CancellationToken stop)
    {
        var started = _clock.GetTimestamp();
        var startedAt = _clock.GetUtcNow();
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(inspection.Timeout);
        // On a pool thread: an inspection that blocks before its first await must not hold up the timeout.
        var run = Task.Run(() => inspection.RunAsync(deadline.Token), CancellationToken.None);
        _ = run.ContinueWith(_ => deadline.Dispose(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        try
        {
            var observation = await run.WaitAsync(inspection.Timeout, _clock, stop);
            var previous = _store.Current.Inspections.GetValueOrDefault(inspection.Name);
            if (!PublishUnlessStopped(new InspectionStatus(inspection.Name, true, null, startedAt, startedAt,
                _clock.GetElapsedTime(started)), observation, stop))
                return (null, false);
            if (previous is { Success: false })
                _log.LogInformation("inspection {Inspection} succeeded again", inspection.Name);
            return (null, false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The loop ends only when the run has: its inspection may then be released safely.
            await run.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            throw;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            var reason = $"timed out after {inspection.Timeout.TotalSeconds:0.###}s";
            var said = timeoutsBefore is { } before
                ? $"{reason}; backing off: next run in {Configuration.DurationParser.Format(Backoff(inspection.Interval, before + 1))}"
                : reason;
            // Liveness must not keep its last good answer: a server that did not answer is down, and says why.
            Fail(inspection, startedAt, started, said, inspection.TimedOut(reason, startedAt), stop);
            return (run.IsCompleted ? null : run, true);
        }
        catch (Exception e)
        {
            Fail(inspection, startedAt, started, SecretRedactor.RedactText(e.Message), null, stop);
            _log.LogDebug(e, "inspection {Inspection} failed", inspection.Name);
            return (null, false);
        }
    }

    /// <summary>
    /// Waits for a run that went past its timeout; meanwhile it counts as stuck (and its loop, if stopped, ends after it).
    /// </summary>
    private async Task WaitForStuckAsync(IInspection inspection, Task run)
    {
        _store.InspectionStuck(+1);
        try
        {
            await run.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
        finally
        {
            _store.InspectionStuck(-1);
        }
        _log.LogInformation("inspection {Inspection} returned after its timeout", inspection.Name);
    }

    private void Fail(IInspection inspection, DateTimeOffset startedAt, long started, string error,
        IObservation? replacement, CancellationToken stop)
    {
        var previous = _store.Current.Inspections.GetValueOrDefault(inspection.Name);
        if (PublishUnlessStopped(new InspectionStatus(inspection.Name, false, error, startedAt, previous?.LastSuccess,
            _clock.GetElapsedTime(started)), replacement, stop))
            _log.LogWarning("inspection {Inspection} failed: {Error}", inspection.Name, error);
    }

    /// <summary>
    /// Publishes the result of a run whose loop has not been stopped. A loop is stopped (under the same lock) when a
    /// reload replaces its inspection: a late result of the old instance, made under the old configuration or cut
    /// short by the stop, must not overwrite what the new instance publishes.
    /// </summary>
    private bool PublishUnlessStopped(InspectionStatus status, IObservation? observation, CancellationToken stop)
    {
        lock (_loopsLock)
        {
            if (stop.IsCancellationRequested)
                return false;
            _store.Publish(status, observation);
        }
        // Outside the lock: a collection must not hold up a reload.
        _trim?.AfterRun(() => _store.Current.Ready, _store.Current.ExpectedInspections.Count);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        List<RunningLoop> loops;
        lock (_loopsLock)
        {
            loops = _loops.Values.ToList();
            _loops.Clear();
        }
        foreach (var loop in loops)
            await loop.Stop.CancelAsync();
        try
        {
            // A loop waiting on a run stuck in the kernel would never end: shutdown does not wait for it.
            await Task.WhenAll(loops.Select(l => l.Task)).WaitAsync(ShutdownGrace);
        }
        catch (TimeoutException)
        {
            _log.LogWarning("{Count} inspections are still stuck at shutdown", loops.Count(l => !l.Task.IsCompleted));
        }
        foreach (var loop in loops.Where(l => l.Task.IsCompleted))
            Release(loop);
    }

    private static void Release(RunningLoop loop)
    {
        (loop.Inspection as IDisposable)?.Dispose();
        loop.Stop.Dispose();
    }

    private sealed record RunningLoop(IInspection Inspection, CancellationTokenSource Stop, Task Task);
}
