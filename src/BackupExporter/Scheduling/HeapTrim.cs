namespace BackupExporter.Scheduling;

/// <summary>
/// Gives the garbage of inspection rounds back to the system with one blocking, compacting, aggressive collection
/// (which also decommits the free memory): once after the first round, and again after a run that left the managed
/// heap much larger than the last collection did, at most once per <see cref="MinimumSpacing"/>.
/// The process's memory after start is otherwise whatever its busiest moment left committed: a first round
/// allocates the whole verification pass at once, and the collector keeps freed regions to reuse them
/// (bench/README.md, "Footprint"). Scrapes and quiet rounds are left to the ordinary collections.
/// </summary>
internal sealed class HeapTrim
{
    /// <summary>Growth that counts as "much larger": more than a quarter of the heap the last collection left, and more
    /// than this. With 1,000 sets (a live heap of ~30 MB) a round's garbage is collected about once a round: at most a
    /// blocking collection of some 30 ms a minute (bench/README.md, "Footprint").</summary>
    public const long MinimumGrowthBytes = 8 * 1024 * 1024;

    /// <summary>A live heap that keeps growing (more sets, more artifacts) is collected at most this often.</summary>
    public static readonly TimeSpan MinimumSpacing = TimeSpan.FromMinutes(1);

    private readonly Func<long> _heapBytes;
    private readonly Action _collect;
    private readonly Action? _beforeFirstCollection;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly Lock _lock = new();
    private long _baselineBytes;
    private long _lastCollection;
    private volatile bool _firstRoundCollected;

    /// <param name="heapBytes">the managed heap now, garbage included</param>
    /// <param name="collect">the collection itself</param>
    /// <param name="beforeFirstCollection">makes what the first scrape would make (the rendered series of every set and
    /// the scrape buffer), so that its garbage goes with the first round's and the first scrape is as fast as the next</param>
    public HeapTrim(TimeProvider clock, ILogger log, Func<long>? heapBytes = null, Action? collect = null, Action? beforeFirstCollection = null)
    {
        _beforeFirstCollection = beforeFirstCollection;
        _clock = clock;
        _log = log;
        _heapBytes = heapBytes ?? (() => GC.GetTotalMemory(forceFullCollection: false));
        _collect = collect ?? (() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true));
    }

    /// <summary>True once the first round's garbage has been collected: readiness waits for it, so that the memory a
    /// deployment sees at ready is what the process keeps.</summary>
    public bool FirstRoundCollected => _firstRoundCollected;

    /// <summary>Called after each inspection run has been published.</summary>
    /// <param name="roundComplete">every configured inspection has published at least once; asked only until the
    /// first round is collected (it looks at every inspection, and runs come thousands a round)</param>
    public void AfterRun(Func<bool> roundComplete)
    {
        lock (_lock)
        {
            if (!_firstRoundCollected)
            {
                if (!roundComplete())
                    return;
                _beforeFirstCollection?.Invoke();
                Collect("the first round");
                _firstRoundCollected = true;
                return;
            }
            var heap = _heapBytes();
            if (heap <= _baselineBytes + Math.Max(_baselineBytes / 4, MinimumGrowthBytes)
                || _clock.GetElapsedTime(_lastCollection) < MinimumSpacing)
                return;
            Collect($"a run that grew the managed heap to {Megabytes(heap)} MB");
        }
    }

    private void Collect(string after)
    {
        var before = _heapBytes();
        var started = _clock.GetTimestamp();
        _collect();
        _lastCollection = _clock.GetTimestamp();
        _baselineBytes = _heapBytes();
        _log.LogDebug("collected the managed heap after {After}: {Before} MB -> {AfterBytes} MB in {Milliseconds} ms",
            after, Megabytes(before), Megabytes(_baselineBytes), _clock.GetElapsedTime(started, _lastCollection).TotalMilliseconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
