using BackupExporter.Platform;
using BackupExporter.Snapshots;

namespace BackupExporter.Scheduling;

/// <summary>
/// Runs every inspection in the background on its own interval, each bounded by its timeout. A run never overlaps
/// the previous run of the same inspection; a failure or timeout keeps the last observation and is recorded.
/// </summary>
internal sealed class InspectionScheduler : IAsyncDisposable
{
    private readonly SnapshotStore _store;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly Dictionary<string, RunningLoop> _loops = new();
    private readonly Lock _loopsLock = new();

    public InspectionScheduler(SnapshotStore store, TimeProvider clock, ILogger<InspectionScheduler> log)
    {
        _store = store;
        _clock = clock;
        _log = log;
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

    /// <summary>One round of every inspection, in parallel, for the <c>verify</c> command.</summary>
    public Task RunOnceAsync(IEnumerable<IInspection> inspections, CancellationToken cancellationToken) =>
        Task.WhenAll(inspections.Select(i => RunOneAsync(i, cancellationToken)));

    private async Task LoopAsync(IInspection inspection, CancellationToken stop)
    {
        try
        {
            using var timer = new PeriodicTimer(inspection.Interval, _clock);
            do
            {
                await RunOneAsync(inspection, stop);
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task RunOneAsync(IInspection inspection, CancellationToken stop)
    {
        var started = _clock.GetTimestamp();
        var startedAt = _clock.GetUtcNow();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(inspection.Timeout);
        Task<IObservation>? run = null;
        try
        {
            run = inspection.RunAsync(deadline.Token);
            var observation = await run.WaitAsync(inspection.Timeout, _clock, stop);
            var previous = _store.Current.Inspections.GetValueOrDefault(inspection.Name);
            _store.Publish(new InspectionStatus(inspection.Name, true, null, startedAt, startedAt, _clock.GetElapsedTime(started)), observation);
            if (previous is { Success: false })
                _log.LogInformation("inspection {Inspection} succeeded again", inspection.Name);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The loop ends only when the run has: its inspection may then be released safely.
            if (run is not null)
                await run.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            throw;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            Fail(inspection, startedAt, started, $"timed out after {inspection.Timeout.TotalSeconds:0.###}s");
            // No pile-up: the next run starts only after this one has really stopped.
            if (run is not null)
                await run.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
        catch (Exception e)
        {
            Fail(inspection, startedAt, started, SecretRedactor.RedactText(e.Message));
            _log.LogDebug(e, "inspection {Inspection} failed", inspection.Name);
        }
    }

    private void Fail(IInspection inspection, DateTimeOffset startedAt, long started, string error)
    {
        var previous = _store.Current.Inspections.GetValueOrDefault(inspection.Name);
        _store.Publish(new InspectionStatus(inspection.Name, false, error, startedAt, previous?.LastSuccess, _clock.GetElapsedTime(started)), null);
        _log.LogWarning("inspection {Inspection} failed: {Error}", inspection.Name, error);
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
        await Task.WhenAll(loops.Select(l => l.Task));
        foreach (var loop in loops)
            Release(loop);
    }

    private static void Release(RunningLoop loop)
    {
        (loop.Inspection as IDisposable)?.Dispose();
        loop.Stop.Dispose();
    }

    private sealed record RunningLoop(IInspection Inspection, CancellationTokenSource Stop, Task Task);
}
