using BackupExporter.Inspection;
using BackupExporter.Scheduling;
using BackupExporter.Snapshots;
using BackupExporter.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace BackupExporter.Tests.Scheduling;

public sealed class InspectionSchedulerTests
{
    private sealed record Counted(int Run) : IObservation;

    /// <summary>An inspection whose behaviour each run is chosen by the test.</summary>
    private sealed class ScriptedInspection(string name, Func<int, CancellationToken, Task<IObservation>> run) : IInspection
    {
        private int _runs;
        private int _concurrent;

        public int MaxConcurrent { get; private set; }

        public int Runs => Volatile.Read(ref _runs);

        public string Name => name;

        public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(50);

        public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

        public async Task<IObservation> RunAsync(CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref _runs);
            MaxConcurrent = Math.Max(MaxConcurrent, Interlocked.Increment(ref _concurrent));
            try
            {
                return await run(n, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _concurrent);
            }
        }
    }

    private static SnapshotStore Store(params string[] names) =>
        new(TestSets.Config(), names, DateTimeOffset.UtcNow);

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out waiting until " + what);
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_failed_run_keeps_the_previous_observation_and_says_so()
    {
        var inspection = new ScriptedInspection("x", (n, _) =>
            n == 1 ? Task.FromResult<IObservation>(new Counted(n)) : throw new IOException("disk on fire"));
        var store = Store("x");
        await using var scheduler = new InspectionScheduler(store, TimeProvider.System, NullLogger<InspectionScheduler>.Instance);

        scheduler.Run([inspection]);
        await Eventually(() => store.Current.Inspections.GetValueOrDefault("x") is { Success: false }, "the second run failed");

        var status = store.Current.Inspections["x"];
        Assert.Equal("disk on fire", status.Error);
        Assert.NotNull(status.LastSuccess);
        Assert.Equal(new Counted(1), store.Current.Observations["x"]);
    }

    [Fact]
    public async Task A_run_that_ignores_its_timeout_is_marked_failed_and_never_overlaps_the_next()
    {
        using var release = new SemaphoreSlim(0);
        var hung = new ScriptedInspection("hung", async (n, _) =>
        {
            if (n == 1)
                await release.WaitAsync(CancellationToken.None); // ignores cancellation, like a read stuck on a dead NFS mount
            return new Counted(n);
        }) { Timeout = TimeSpan.FromMilliseconds(100) };
        var healthy = new ScriptedInspection("healthy", (n, _) => Task.FromResult<IObservation>(new Counted(n)));
        var store = Store("hung", "healthy");
        await using var scheduler = new InspectionScheduler(store, TimeProvider.System, NullLogger<InspectionScheduler>.Instance);

        scheduler.Run([hung, healthy]);
        await Eventually(() => store.Current.Inspections.GetValueOrDefault("hung") is { Success: false }, "the hung run timed out");
        await Eventually(() => healthy.Runs >= 5, "the other inspection kept running");

        Assert.Equal(1, hung.Runs);
        Assert.Contains("timed out", store.Current.Inspections["hung"].Error);
        Assert.True(store.Current.Ready);

        release.Release();
        await Eventually(() => hung.Runs >= 3, "the hung inspection resumed");
        Assert.Equal(1, hung.MaxConcurrent);
        await Eventually(() => store.Current.Inspections["hung"].Success, "a later run succeeded");
    }

    [Fact]
    public async Task A_run_blocked_in_a_system_call_times_out_counts_as_stuck_and_is_never_started_beside_itself()
    {
        // Blocks its thread before returning a task, as a read() on a hung NFS mount does: no await, no cancellation.
        using var kernel = new ManualResetEventSlim();
        var blocked = new ScriptedInspection("nfs", (n, _) =>
        {
            if (n == 1)
                kernel.Wait(CancellationToken.None);
            return Task.FromResult<IObservation>(new Counted(n));
        }) { Timeout = TimeSpan.FromMilliseconds(100), Interval = TimeSpan.FromMilliseconds(20) };
        var store = Store("nfs");
        await using var scheduler = new InspectionScheduler(store, TimeProvider.System, NullLogger<InspectionScheduler>.Instance);

        scheduler.Run([blocked]);
        await Eventually(() => store.InspectionsStuck == 1, "the blocked run counts as stuck");
        Assert.Equal("timed out after 0.1s; backing off: next run in 40ms", store.Current.Inspections["nfs"].Error);
        var verify = scheduler.RunOnceAsync([new ScriptedInspection("other", (n, _) => Task.FromResult<IObservation>(new Counted(n)))],
            CancellationToken.None);
        await verify; // other work goes on
        Assert.Equal(1, blocked.Runs);

        kernel.Set();
        await Eventually(() => blocked.Runs >= 3 && store.InspectionsStuck == 0, "it returned, and runs again");
        Assert.Equal(1, blocked.MaxConcurrent);
        await Eventually(() => store.Current.Inspections["nfs"].Success, "a later run succeeded");
    }

    [Fact]
    public async Task One_round_for_verify_returns_when_a_run_is_stuck_past_its_timeout()
    {
        using var kernel = new ManualResetEventSlim();
        var blocked = new ScriptedInspection("nfs", (n, _) =>
        {
            kernel.Wait(CancellationToken.None);
            return Task.FromResult<IObservation>(new Counted(n));
        }) { Timeout = TimeSpan.FromMilliseconds(100) };
        var store = Store("nfs");
        await using var scheduler = new InspectionScheduler(store, TimeProvider.System, NullLogger<InspectionScheduler>.Instance);

        await scheduler.RunOnceAsync([blocked], CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("timed out after 0.1s", store.Current.Inspections["nfs"].Error);
        kernel.Set();
    }

    private sealed record Liveness(bool Up, string? Why) : IObservation;

    private sealed class LivenessInspection(Func<int, CancellationToken, Task<IObservation>> run) : IInspection
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public string Name => "server:db";

        public TimeSpan Interval => TimeSpan.FromMilliseconds(50);

        public TimeSpan Timeout => TimeSpan.FromMilliseconds(200);

        public Task<IObservation> RunAsync(CancellationToken cancellationToken) => run(Interlocked.Increment(ref _runs), cancellationToken);

        public IObservation TimedOut(string reason, DateTimeOffset at) => new Liveness(false, reason);
    }

    [Fact]
    public async Task An_inspection_that_says_what_a_timeout_means_replaces_its_last_good_observation()
    {
        using var freeze = new SemaphoreSlim(0);
        var server = new LivenessInspection(async (n, ct) =>
        {
            if (n > 1)
                await freeze.WaitAsync(ct); // a server that accepts and never answers
            return new Liveness(true, null);
        });
        var store = Store("server:db");
        await using var scheduler = new InspectionScheduler(store, TimeProvider.System, NullLogger<InspectionScheduler>.Instance);

        scheduler.Run([server]);
        await Eventually(() => store.Current.Observations.GetValueOrDefault("server:db") is Liveness { Up: false },
            "down after the timeout");

        Assert.Equal(new Liveness(false, "timed out after 0.2s"), store.Current.Observations["server:db"]);
        // It honours its cancellation: it returns, is not stuck, and its next rounds run (and time out) in turn.
        await Eventually(() => store.InspectionsStuck == 0 && server.Runs >= 4, "later rounds ran");
    }

    [Fact]
    public async Task A_late_result_of_a_replaced_inspection_never_overwrites_its_replacement()
    {
        using var release = new SemaphoreSlim(0);
        using var returned = new ManualResetEventSlim();
        var old = new ScriptedInspection("backup:a", async (_, _) =>
        {
            await release.WaitAsync(CancellationToken.None); // ignores the stop: finishes in its own time
            returned.Set();
            return new Counted(-1);
        });
        var replacement = new ScriptedInspection("backup:a", (n, _) => Task.FromResult<IObservation>(new Counted(n)));
        var store = Store("backup:a");
        await using var scheduler = new InspectionScheduler(store, TimeProvider.System, NullLogger<InspectionScheduler>.Instance);
        scheduler.Run([old]);
        await Eventually(() => old.Runs == 1, "the old inspection is inside its run");

        scheduler.Run([replacement]);
        await Eventually(() => store.Current.Observations.GetValueOrDefault("backup:a") is Counted { Run: > 0 },
            "the replacement published");
        release.Release();
        await Eventually(() => returned.IsSet, "the old run returned");
        var runs = replacement.Runs;
        await Eventually(() => replacement.Runs >= runs + 2, "the replacement ran on after it");

        Assert.True(store.Current.Observations["backup:a"] is Counted { Run: > 0 }, "the old run's late result was published");
        Assert.True(store.Current.Inspections["backup:a"].Success);
    }

    [Fact]
    public async Task Ready_only_after_every_inspection_ran_once()
    {
        using var gate = new SemaphoreSlim(0);
        var slow = new ScriptedInspection("slow", async (n, ct) =>
        {
            await gate.WaitAsync(ct);
            return new Counted(n);
        });
        var fast = new ScriptedInspection("fast", (n, _) => Task.FromResult<IObservation>(new Counted(n)));
        var store = Store("slow", "fast");
        await using var scheduler = new InspectionScheduler(store, TimeProvider.System, NullLogger<InspectionScheduler>.Instance);

        scheduler.Run([slow, fast]);
        await Eventually(() => store.Current.Inspections.ContainsKey("fast"), "the fast one ran");
        Assert.False(store.Current.Ready);

        gate.Release();
        await Eventually(() => store.Current.Ready, "ready");
    }

    [Fact]
    public async Task An_inspection_removed_by_a_reload_stops_and_its_result_vanishes()
    {
        var a = new ScriptedInspection("a", (n, _) => Task.FromResult<IObservation>(new Counted(n)));
        var b = new ScriptedInspection("b", (n, _) => Task.FromResult<IObservation>(new Counted(n)));
        var store = Store("a", "b");
        await using var scheduler = new InspectionScheduler(store, TimeProvider.System, NullLogger<InspectionScheduler>.Instance);
        scheduler.Run([a, b]);
        await Eventually(() => store.Current.Ready, "ready");

        store.Reconfigure(TestSets.Config(), ["a"], DateTimeOffset.UtcNow);
        scheduler.Run([a]);
        var runsOfB = b.Runs;
        await Eventually(() => a.Runs > 10, "a kept running");

        Assert.InRange(b.Runs, runsOfB, runsOfB + 1);
        Assert.False(store.Current.Observations.ContainsKey("b"));
        Assert.False(store.Current.Inspections.ContainsKey("b"));
    }

    private sealed class HoldingInspection(string name, ScriptedInspection inner) : IInspection, IDisposable
    {
        public int Disposed;
        public int Running;
        public bool RunningWhenDisposed;

        public string Name => name;

        public TimeSpan Interval => inner.Interval;

        public TimeSpan Timeout => inner.Timeout;

        public async Task<IObservation> RunAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Running);
            try
            {
                return await inner.RunAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref Running);
            }
        }

        public void Dispose()
        {
            RunningWhenDisposed |= Volatile.Read(ref Running) > 0;
            Interlocked.Increment(ref Disposed);
        }
    }

    [Fact]
    public async Task An_inspection_left_out_of_the_running_set_is_released_once_its_run_has_ended()
    {
        using var release = new SemaphoreSlim(0);
        var old = new HoldingInspection("log:/a", new ScriptedInspection("log:/a", async (_, _) =>
        {
            await release.WaitAsync(CancellationToken.None); // a read that finishes in its own time
            return new Counted(1);
        }));
        var replacement =
            new HoldingInspection("log:/a", new ScriptedInspection("log:/a", (n, _) => Task.FromResult<IObservation>(new Counted(n))));
        var store = Store("log:/a");
        await using (var scheduler = new InspectionScheduler(store, TimeProvider.System, NullLogger<InspectionScheduler>.Instance))
        {
            scheduler.Run([old]);
            await Eventually(() => Volatile.Read(ref old.Running) == 1, "the old inspection is inside its run");
            scheduler.Run([replacement]);
            await Eventually(() => store.Current.Inspections.GetValueOrDefault("log:/a") is { Success: true }, "the replacement ran");
            Assert.Equal(0, Volatile.Read(ref old.Disposed)); // still inside its run: not released under it
            release.Release();
            await Eventually(() => Volatile.Read(ref old.Disposed) == 1, "the replaced inspection is released");
            Assert.False(old.RunningWhenDisposed);
            Assert.Equal(0, Volatile.Read(ref replacement.Disposed));
        }
        Assert.Equal(1, Volatile.Read(ref replacement.Disposed)); // and the running ones when the scheduler stops
    }
}
