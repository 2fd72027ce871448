using System.Diagnostics;
using System.Globalization;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Reverification;

/// <summary>
/// The re-verification of a running exporter reads under its byte-rate limit, measured by the kernel (/proc/PID/io of
/// the real process) and cross-checked with the exporter's own count, on its own thread at idle I/O priority, while
/// scrapes stay as fast as without it. On tmpfs, so that the reads are the exporter's alone and not the disk's speed.
/// </summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private const int RateMiB = 8;
    private const long Rate = RateMiB * 1024L * 1024;
    private readonly string _root = Directory.CreateTempSubdirectory("backup-exporter-rate-").FullName;
    private readonly string _data = Path.Combine("/dev/shm", $"backup-exporter-rate-{Guid.NewGuid():N}");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_data);
        // 96 MiB: a pass at 8 MiB/s takes 12 s, longer than the 10 s period, so the rotation never rests. Files of 8 MiB
        // (a second each): a round ends, and publishes its count, about every second.
        for (var i = 0; i < 12; i++)
        {
            var bytes = new byte[8 << 20];
            Random.Shared.NextBytes(bytes);
            var path = Path.Combine(_data, $"dump-{i}.sql");
            File.WriteAllBytes(path, bytes);
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddDays(-1 - i));
        }
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await ProcessRunner.RunAsync("rm", ["-rf", _root, _data]);

    private string Config(bool reverify) => ConfigBuilder.Fast()
        .Backup("big", SetKind.Mysqldump, _data, b =>
        {
            b.Checksum("none").Set("timeout", "60s");
            if (reverify)
                b.Block("reverify", r => r.Set("period", "10s").Set("max_rate", $"{RateMiB}MiB/s"));
        })
        .WriteTo(Path.Combine(_root, reverify ? "on.yml" : "off.yml"));

    /// <summary>Bytes the process has read through read(2) and its kin, whatever the file system (rchar).</summary>
    private static long ReadChars(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/io").First(l => l.StartsWith("rchar:", StringComparison.Ordinal))[6..].Trim(),
            CultureInfo.InvariantCulture);

    private static async Task<double> ReadBytesMetricAsync(ExporterProcess exporter) =>
        (await exporter.ScrapeAsync()).Value("mysql_backup_reverify_read_bytes_total", ("backup", "big")) ?? 0;

    private static async Task<double> MedianScrapeMillisecondsAsync(ExporterProcess exporter, int count)
    {
        var times = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            await exporter.GetMetricsAsync();
            times.Add(watch.Elapsed.TotalMilliseconds);
            await Task.Delay(100);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    [Fact]
    public async Task Reads_stay_under_the_limit_at_idle_priority_while_scrapes_stay_fast()
    {
        double withoutMs;
        await using (var off = await ExporterProcess.StartAsync(Config(reverify: false)))
        {
            await off.ScrapeUntilAsync(m => m.Value("mysql_backup_artifacts", ("backup", "big"), ("status", "failed")) == 12,
                "both files verified once", seconds: 60);
            withoutMs = await MedianScrapeMillisecondsAsync(off, 30);
        }

        await using var on = await ExporterProcess.StartAsync(Config(reverify: true));
        await on.ScrapeUntilAsync(m => m.Value("mysql_backup_reverify_read_bytes_total", ("backup", "big")) > 0,
            "the rotation reading", seconds: 60);

        // Windows of 10 s (a minute scaled down): the kernel's count of what the process read, each at most 10% above the
        // limit. The exporter's own count, published at the end of each round (about a second), agrees with the kernel's
        // over the whole 30 s, give or take the reads of a round not published yet.
        var windows = new List<(long Kernel, double Seconds)>();
        var (kernel, watch) = (ReadChars(on.ProcessId), Stopwatch.StartNew());
        var (kernelStart, ownStart, total) = (kernel, await ReadBytesMetricAsync(on), Stopwatch.StartNew());
        var idle = false;
        for (var i = 0; i < 3; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(10));
            var (k, s) = (ReadChars(on.ProcessId), watch.Elapsed.TotalSeconds);
            windows.Add((k - kernel, s));
            kernel = k;
            watch.Restart();
            idle |= await SomeThreadReadsAtIdlePriorityAsync(on.ProcessId);
        }
        var (kernelRead, ownRead, seconds) = (ReadChars(on.ProcessId) - kernelStart, await ReadBytesMetricAsync(on) - ownStart,
            total.Elapsed.TotalSeconds);
        var scrapeWithMs = await MedianScrapeMillisecondsAsync(on, 30);

        foreach (var (k, s) in windows)
        {
            Assert.True(k <= Rate * s * 1.10, $"the kernel saw {k} bytes read in {s:0.0} s, more than {RateMiB} MiB/s + 10%");
            Assert.True(k >= Rate * s * 0.5, $"only {k} bytes in {s:0.0} s: the rotation should read at the limit here");
        }
        Assert.True(ownRead <= Rate * seconds * 1.10, $"the exporter counted {ownRead} bytes in {seconds:0.0} s");
        Assert.InRange(ownRead, (kernelRead * 0.95) - (3 * Rate), (kernelRead * 1.05) + (3 * Rate));
        Assert.True(idle, "no thread of the exporter read at the idle I/O class (ionice -p TID)");
        Assert.False((await ProcessRunner.CheckedAsync("ionice", "-p", on.ProcessId.ToString(CultureInfo.InvariantCulture)))
            .Contains("idle", StringComparison.Ordinal), "the main thread must keep its normal class");
        Assert.True(scrapeWithMs <= (withoutMs * 3) + 20,
            $"median scrape {scrapeWithMs:0.0} ms while re-verifying, {withoutMs:0.0} ms without");
    }

    private static async Task<bool> SomeThreadReadsAtIdlePriorityAsync(int pid)
    {
        foreach (var task in Directory.GetDirectories($"/proc/{pid}/task"))
        {
            var result = await ProcessRunner.RunAsync("ionice", ["-p", Path.GetFileName(task)]);
            if (result.ExitCode == 0 && result.Stdout.Contains("idle", StringComparison.Ordinal))
                return true;
        }
        return false;
    }
}
