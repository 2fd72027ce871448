namespace BackupExporter.Scheduling;

/// <summary>
/// Gives the garbage of inspection rounds back to the system with one blocking, compacting, aggressive collection
/// (which also decommits the free memory): once after the first round, and again once a round's worth of runs (as
/// many as there are inspections) has left the managed heap larger than the last collection did, at most once per
/// <see cref="MinimumSpacing"/>. Between those, the youngest generation is collected by a <see cref="YoungCollection"/>.
/// What it buys: the process's memory is otherwise whatever its busiest moment left committed. A first round allocates
/// the whole verification pass at once: 10 sets were 47.9 MB at ready without the first collection, 33.5 MB with it.
/// The observations each later round replaces have lived long enough to be in the oldest generation, which the
/// collector rarely visits, and it keeps freed regions to reuse them. 1,000 sets stay at 60–64 MB after ready; with an
/// earlier rule (a collection after a quarter's growth) they rose to 72–78 MB, and without the next scrape's rendering
/// made before the collection they stayed at 69–71 MB (bench/HISTORY.md, "The start-up peak with 10 sets" and "Rounds
/// and scrapes that keep 1,000 sets at their size after ready").
/// </summary>
internal sealed class HeapTrim
{
    /// <summary>Growth after a round's worth of runs that is worth a collection: more than a sixteenth of the heap the
    /// last collection left, and more than this. With 1,000 sets (a live heap of ~30 MB) each round's garbage is
    /// collected when the round ends: a blocking collection of some 30 ms a minute (bench/HISTORY.md).</summary>
    public const long MinimumGrowthBytes = 2 * 1024 * 1024;

    /// <summary>Inspections on short intervals make rounds' worths of runs quickly: they are collected at most this often.</summary>
    public static readonly TimeSpan MinimumSpacing = TimeSpan.FromSeconds(30);

    /// <summary>What may be allocated between two collections of the youngest generation (<see cref="YoungCollection"/>).</summary>
    public const long YoungBudgetBytes = YoungCollection.BudgetBytes;

    private readonly Func<long> _heapBytes;
    private readonly Action _collect;
    private readonly YoungCollection _young;
    private readonly Action? _beforeCollection;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly Lock _lock = new();
    private long _baselineBytes;
    private long _lastCollection;
    private int _runsSinceCollection;
    private volatile bool _firstRoundCollected;

    /// <param name="heapBytes">the managed heap now, garbage included</param>
    /// <param name="collect">the collection itself</param>
    /// <param name="allocatedBytes">all the process has allocated so far</param>
    /// <param name="collectYoung">a collection of the youngest generation</param>
    /// <param name="beforeCollection">makes what the next scrape would make (the series of the sets the round changed,
    /// rendered), so that its garbage goes with the round's: the collector keeps regions committed for what is allocated
    /// after a collection, and a scrape after a round of 1,000 sets brought back some 10 MB (bench/HISTORY.md)</param>
    public HeapTrim(TimeProvider clock, ILogger log, Func<long>? heapBytes = null, Action? collect = null, Action? beforeCollection = null,
        Func<long>? allocatedBytes = null, Action? collectYoung = null)
    {
        _young = new YoungCollection(allocatedBytes, collectYoung);
        _beforeCollection = beforeCollection;
        _clock = clock;
        _log = log;
        _heapBytes = heapBytes ?? (() => GC.GetTotalMemory(forceFullCollection: false));
        _collect = collect ?? (() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true));
    }

    /// <summary>True once the first round's garbage has been collected: readiness waits for it, so that the memory a
    /// deployment sees at ready is what the process keeps.</summary>
    public bool FirstRoundCollected => _firstRoundCollected;

    /// <summary>Collects the youngest generation once <see cref="YoungBudgetBytes"/> have been allocated since it was
    /// last collected here (<see cref="YoungCollection.CollectIfDue"/>).</summary>
    public void CollectYoungIfDue() => _young.CollectIfDue();

    /// <summary>Called after each inspection run has been published.</summary>
    /// <param name="roundComplete">every configured inspection has published at least once; asked only until the
    /// first round is collected (it looks at every inspection, and runs come thousands a round)</param>
    /// <param name="inspections">how many inspections run: a round's worth of runs</param>
    public void AfterRun(Func<bool> roundComplete, int inspections)
    {
        CollectRoundIfDue(roundComplete, inspections);
        // After: a full collection takes the young generation with it, and then none is due.
        CollectYoungIfDue();
    }

    private void CollectRoundIfDue(Func<bool> roundComplete, int inspections)
    {
        lock (_lock)
        {
            if (!_firstRoundCollected)
            {
                if (!roundComplete())
                    return;
                Collect("the first round");
                _firstRoundCollected = true;
                return;
            }
            if (++_runsSinceCollection < inspections || _clock.GetElapsedTime(_lastCollection) < MinimumSpacing)
                return;
            var heap = _heapBytes();
            if (heap <= _baselineBytes + Math.Max(_baselineBytes / 16, MinimumGrowthBytes))
                return;
            Collect($"{_runsSinceCollection} runs that grew the managed heap to {Megabytes(heap)} MB");
        }
    }

    private void Collect(string after)
    {
        _beforeCollection?.Invoke();
        var before = _heapBytes();
        var started = _clock.GetTimestamp();
        _young.Instead(_collect); // the young generation goes with it
        _lastCollection = _clock.GetTimestamp();
        _runsSinceCollection = 0;
        _baselineBytes = _heapBytes();
        _log.LogDebug("collected the managed heap after {After}: {Before} MB -> {AfterBytes} MB in {Milliseconds} ms",
            after, Megabytes(before), Megabytes(_baselineBytes), Milliseconds(_clock.GetElapsedTime(started, _lastCollection)));
    }

    private static string Milliseconds(TimeSpan span) =>
        span.TotalMilliseconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);

    private static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
