using BackupExporter.Configuration;
using BackupExporter.Decoding;
using BackupExporter.Inspection;
using BackupExporter.Metrics;
using BackupExporter.Snapshots;
using BenchmarkDotNet.Attributes;
using Cronos;
using Prometheus;

namespace BackupExporter.Benchmarks;

/// <summary>
/// The cost of a scrape with 1,000 backup sets of 30 artifacts each, in process: everything /metrics writes.
/// bench/scrape-latency.sh measures the same over HTTP with wrk.
/// </summary>
[MemoryDiagnoser]
public class RenderBenchmarks
{
    private CollectorRegistry _registry = null!;
    private SnapshotStore _store = null!;
    private SnapshotExposition _exposition = null!;
    private BackupSetObservation[] _observations = null!;
    private readonly MemoryStream _output = new();
    private int _round;

    [Params(1000)]
    public int Sets { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var now = DateTimeOffset.UtcNow;
        GlobPattern.TryParse("*.sql.gz", out var pattern, out _);
        var sets = Enumerable.Range(0, Sets).Select(i => new BackupSetConfig
        {
            Name = $"set{i:0000}", Kind = BackupKind.Mysqldump, Path = $"/backup/set{i:0000}", Pattern = pattern!,
            Schedule = CronExpression.Parse("0 2 * * *"), ScheduleText = "0 2 * * *", TimeZone = TimeZoneInfo.Utc,
            Grace = TimeSpan.FromHours(2),
            Checksum = ChecksumMode.Sha256, MinSizeBytes = 1024, MaxShrink = 0.5,
            Interval = TimeSpan.FromMinutes(1), Timeout = TimeSpan.FromSeconds(30), SettleTime = TimeSpan.FromMinutes(1),
        }).ToList();
        var config = new ExporterConfig("bench.yml", GlobalConfig.Default, [], sets);
        _store = new SnapshotStore(config, [], now);
        _store.Reconfigure(config, sets.Select(s => InspectionNames.Backup(s.Name)).ToList(), now);
        _observations = sets.Select(s => new BackupSetObservation(s.Name, now, null,
            Enumerable.Range(0, 30).Select(a => new ArtifactObservation($"{s.Path}/dump-{a:000}.sql.gz", 1_000_000 + a,
                now.AddDays(a - 30), false,
                new Dictionary<string, CheckResult>
                {
                    [CheckNames.Complete] = CheckResult.Pass(), [CheckNames.Compression] = CheckResult.Pass(),
                    [CheckNames.Checksum] = CheckResult.Pass(), [CheckNames.Size] = CheckResult.Pass(),
                }, null, CompressionFormat.Gzip)).ToList(),
            new VolumeObservation(1L << 40, 1L << 41), null, now.AddDays(-30))).ToArray();
        foreach (var o in _observations)
            _store.Publish(new InspectionStatus(InspectionNames.Backup(o.Name), true, null, now, now, TimeSpan.FromMilliseconds(3)), o);
        _registry = Prometheus.Metrics.NewCustomRegistry();
        _exposition = new SnapshotExposition(_registry, _store, TimeProvider.System, "bench");
        ScrapeUnchanged();
    }

    /// <summary>A scrape while nothing changed: ages and overdue refreshed, then the whole text written.</summary>
    [Benchmark]
    public long ScrapeUnchanged()
    {
        _output.SetLength(0);
        _exposition.WriteAsync(_output, CancellationToken.None).GetAwaiter().GetResult();
        return _output.Length;
    }

    /// <summary>A scrape just after one backup set's inspection published a new observation: that set is re-rendered.</summary>
    [Benchmark]
    public long ScrapeAfterChange()
    {
        var o = _observations[0];
        _store.Publish(new InspectionStatus(InspectionNames.Backup(o.Name), true, null, o.ObservedAt, o.ObservedAt,
            TimeSpan.FromMilliseconds(3)), o with { });
        _output.SetLength(0);
        _exposition.WriteAsync(_output, CancellationToken.None).GetAwaiter().GetResult();
        return _output.Length;
    }

    /// <summary>The first scrape after a round: every set published a new inspection status, so every set is re-rendered.</summary>
    [Benchmark]
    public long ScrapeAfterRound()
    {
        _round++;
        foreach (var o in _observations)
            _store.Publish(new InspectionStatus(InspectionNames.Backup(o.Name), true, null, o.ObservedAt, o.ObservedAt,
                TimeSpan.FromMilliseconds(_round)), o);
        _output.SetLength(0);
        _exposition.WriteAsync(_output, CancellationToken.None).GetAwaiter().GetResult();
        return _output.Length;
    }
}
