using BackupExporter.Inspection;
using BackupExporter.Scheduling;
using BackupExporter.Snapshots;
using BackupExporter.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BackupExporter.Tests.Scheduling;

public sealed class HeapTrimTests
{
    private const long MiB = 1024 * 1024;

    /// <summary>A heap of a size the test sets, and the collections asked of it (each leaves <see cref="AfterCollection"/>).</summary>
    private sealed class Heap
    {
        public long Bytes { get; set; }

        public long AfterCollection { get; set; }

        public int Collections { get; private set; }

        public void Collect()
        {
            Collections++;
            Bytes = AfterCollection;
        }
    }

    /// <summary>Keeps what was logged, with its level.</summary>
    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) =>
            Lines.Add((logLevel, formatter(state, exception)));
    }

    private readonly FakeTimeProvider _clock = new();
    private readonly Heap _heap = new() { Bytes = 40 * MiB, AfterCollection = 4 * MiB };
    private readonly ListLogger _log = new();
    private readonly HeapTrim _trim;

    public HeapTrimTests() => _trim = new HeapTrim(_clock, _log, () => _heap.Bytes, _heap.Collect);

    [Fact]
    public void The_first_round_is_collected_once_when_it_completes_and_not_before()
    {
        _trim.AfterRun(roundComplete: () => false, inspections: 3);
        _trim.AfterRun(roundComplete: () => false, inspections: 3);
        Assert.Equal(0, _heap.Collections);
        Assert.False(_trim.FirstRoundCollected);

        _trim.AfterRun(roundComplete: () => true, inspections: 3);
        Assert.Equal(1, _heap.Collections);
        Assert.True(_trim.FirstRoundCollected);
        var line = Assert.Single(_log.Lines);
        Assert.Equal(LogLevel.Debug, line.Level);
        Assert.StartsWith("collected the managed heap after the first round: 40.0 MB -> 4.0 MB in ", line.Message,
            StringComparison.Ordinal);

        // Later runs that leave the heap about where the collection left it (less than 2 MiB more) collect nothing,
        // however many and late.
        for (var i = 0; i < 100; i++)
        {
            _clock.Advance(TimeSpan.FromMinutes(5));
            _heap.Bytes = 4 * MiB + i * 20_000;
            _trim.AfterRun(roundComplete: () => true, inspections: 3);
        }
        Assert.Equal(1, _heap.Collections);
    }

    [Fact]
    public void A_rounds_worth_of_runs_that_grew_the_heap_is_collected_but_not_more_often_than_the_spacing()
    {
        _trim.AfterRun(roundComplete: () => true, inspections: 3);
        _clock.Advance(HeapTrim.MinimumSpacing);

        // 4 MB after the first round: 6 MiB is not enough growth (a sixteenth more, and at least 2 MiB more).
        _heap.Bytes = 6 * MiB;
        for (var run = 0; run < 5; run++)
            _trim.AfterRun(roundComplete: () => true, inspections: 3);
        Assert.Equal(1, _heap.Collections);

        // One byte more is, once the runs since the last collection make a round's worth: the next run.
        var trim = new HeapTrim(_clock, _log, () => _heap.Bytes, _heap.Collect);
        _heap.Bytes = 40 * MiB;
        trim.AfterRun(roundComplete: () => true, inspections: 3);
        _clock.Advance(HeapTrim.MinimumSpacing);
        _heap.Bytes = 6 * MiB + 1;
        trim.AfterRun(roundComplete: () => true, inspections: 3);
        trim.AfterRun(roundComplete: () => true, inspections: 3);
        Assert.Equal(2, _heap.Collections);
        trim.AfterRun(roundComplete: () => true, inspections: 3);
        Assert.Equal(3, _heap.Collections);
        Assert.Contains("after 3 runs that grew the managed heap to 6.0 MB", _log.Lines[^1].Message, StringComparison.Ordinal);

        // Grown again at once: within the spacing nothing more, however large and however many runs.
        _heap.Bytes = 500 * MiB;
        for (var run = 0; run < 10; run++)
            trim.AfterRun(roundComplete: () => true, inspections: 3);
        _clock.Advance(HeapTrim.MinimumSpacing - TimeSpan.FromSeconds(1));
        trim.AfterRun(roundComplete: () => true, inspections: 3);
        Assert.Equal(3, _heap.Collections);

        _clock.Advance(TimeSpan.FromSeconds(1));
        trim.AfterRun(roundComplete: () => true, inspections: 3);
        Assert.Equal(4, _heap.Collections);
    }

    [Fact]
    public void The_threshold_follows_a_live_heap_that_grew()
    {
        // More sets since the start: the live heap after a collection is 100 MB, so 106 MB (less than a sixteenth
        // more) is no reason to collect.
        _trim.AfterRun(roundComplete: () => true, inspections: 1);
        _clock.Advance(HeapTrim.MinimumSpacing);
        _heap.AfterCollection = 100 * MiB;
        _heap.Bytes = 120 * MiB;
        _trim.AfterRun(roundComplete: () => true, inspections: 1);
        Assert.Equal(2, _heap.Collections);

        _clock.Advance(TimeSpan.FromMinutes(10));
        _heap.Bytes = 100 * MiB + 100 * MiB / 16;
        _trim.AfterRun(roundComplete: () => true, inspections: 1);
        Assert.Equal(2, _heap.Collections);
        _heap.Bytes++;
        _trim.AfterRun(roundComplete: () => true, inspections: 1);
        Assert.Equal(3, _heap.Collections);
    }

    [Fact]
    public void What_the_next_scrape_would_make_is_made_before_each_collection()
    {
        var steps = new List<string>();
        var trim = new HeapTrim(_clock, _log, () => _heap.Bytes, () => { steps.Add("collect"); _heap.Collect(); },
            () => steps.Add("prepare"));

        trim.AfterRun(roundComplete: () => false, inspections: 1);
        trim.AfterRun(roundComplete: () => true, inspections: 1);
        _clock.Advance(TimeSpan.FromMinutes(5));
        _heap.Bytes = 500 * MiB;
        trim.AfterRun(roundComplete: () => true, inspections: 1);

        Assert.Equal(["prepare", "collect", "prepare", "collect"], steps);
    }

    [Fact]
    public void The_young_generation_is_collected_once_a_budget_has_been_allocated_and_not_before()
    {
        long allocated = 0;
        var young = 0;
        var trim = new HeapTrim(_clock, _log, () => _heap.Bytes, _heap.Collect, allocatedBytes: () => allocated,
            collectYoung: () => young++);

        allocated = HeapTrim.YoungBudgetBytes - 1;
        trim.CollectYoungIfDue();
        Assert.Equal(0, young);
        allocated++;
        trim.CollectYoungIfDue();
        trim.CollectYoungIfDue(); // nothing allocated since
        Assert.Equal(1, young);

        // Counted from that collection: another budget's worth, whether asked directly or after a run.
        allocated += HeapTrim.YoungBudgetBytes - 1;
        trim.AfterRun(roundComplete: () => false, inspections: 3);
        Assert.Equal(1, young);
        allocated++;
        trim.AfterRun(roundComplete: () => false, inspections: 3);
        Assert.Equal(2, young);
        Assert.Equal(0, _heap.Collections);
    }

    [Fact]
    public void A_full_collection_counts_as_a_young_one()
    {
        long allocated = 0;
        var young = 0;
        var trim = new HeapTrim(_clock, _log, () => _heap.Bytes, _heap.Collect, allocatedBytes: () => allocated,
            collectYoung: () => young++);

        allocated = HeapTrim.YoungBudgetBytes / 2;
        trim.AfterRun(roundComplete: () => true, inspections: 1); // the first round's collection
        Assert.Equal(1, _heap.Collections);
        allocated += HeapTrim.YoungBudgetBytes / 2 + 1;
        trim.CollectYoungIfDue();
        Assert.Equal(0, young);
        allocated += HeapTrim.YoungBudgetBytes / 2;
        trim.CollectYoungIfDue();
        Assert.Equal(1, young);
    }

    [Fact]
    public void A_run_that_ends_in_a_full_collection_makes_no_young_one_beside_it()
    {
        long allocated = 0;
        var young = 0;
        var trim = new HeapTrim(_clock, _log, () => _heap.Bytes, _heap.Collect, allocatedBytes: () => allocated,
            collectYoung: () => young++);

        allocated = 3 * HeapTrim.YoungBudgetBytes;
        trim.AfterRun(roundComplete: () => true, inspections: 1);

        Assert.Equal(1, _heap.Collections);
        Assert.Equal(0, young);
    }

    [Fact]
    public void The_real_young_collection_collects_the_youngest_generation()
    {
        var trim = new HeapTrim(TimeProvider.System, NullLogger.Instance);
        trim.CollectYoungIfDue();
        var youngCollections = GC.CollectionCount(0);
        for (var i = 0; i < 40; i++)
            GC.KeepAlive(new byte[64 * 1024]); // 2.5 MiB of garbage, more than the budget
        trim.CollectYoungIfDue();
        Assert.True(GC.CollectionCount(0) > youngCollections, "no collection of the youngest generation ran");
    }

    [Fact]
    public void The_real_collection_leaves_less_than_the_garbage_made_before_it()
    {
        var trim = new HeapTrim(TimeProvider.System, NullLogger.Instance);
        var garbage = new List<byte[]>();
        for (var i = 0; i < 400; i++)
            garbage.Add(new byte[64 * 1024]);
        var before = GC.GetTotalMemory(forceFullCollection: false);
        var fullCollections = GC.CollectionCount(GC.MaxGeneration);
        garbage.Clear();

        trim.AfterRun(roundComplete: () => true, inspections: 1);

        Assert.True(trim.FirstRoundCollected);
        Assert.True(GC.CollectionCount(GC.MaxGeneration) > fullCollections, "no full collection ran");
        Assert.True(GC.GetTotalMemory(forceFullCollection: false) < before - 12 * MiB, "the 25 MiB of dropped arrays "
            + "are still on the heap");
    }

    private sealed record Nothing : IObservation;

    private sealed class Instant(string name) : IInspection
    {
        public string Name => name;

        public TimeSpan Interval => TimeSpan.FromHours(1);

        public TimeSpan Timeout => TimeSpan.FromSeconds(30);

        public Task<IObservation> RunAsync(CancellationToken cancellationToken) => Task.FromResult<IObservation>(new Nothing());
    }

    [Fact]
    public async Task The_scheduler_collects_once_the_last_inspection_of_the_first_round_has_published()
    {
        var store = new SnapshotStore(TestSets.Config(), ["a", "b"], DateTimeOffset.UtcNow);
        var trim = new HeapTrim(_clock, _log, () => _heap.Bytes, _heap.Collect);
        await using var scheduler = new InspectionScheduler(store, TimeProvider.System, NullLogger<InspectionScheduler>.Instance, trim);

        scheduler.Run([new Instant("a")]);
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!store.Current.Inspections.ContainsKey("a"))
        {
            Assert.True(DateTime.UtcNow < until, "inspection a never published");
            await Task.Delay(10);
        }
        Assert.False(trim.FirstRoundCollected); // b has not run: the round is not complete

        scheduler.Run([new Instant("a"), new Instant("b")]);
        while (!trim.FirstRoundCollected)
        {
            Assert.True(DateTime.UtcNow < until, "the first round was never collected");
            await Task.Delay(10);
        }
        Assert.True(store.Current.Ready);
        Assert.Equal(1, _heap.Collections);
    }
}
