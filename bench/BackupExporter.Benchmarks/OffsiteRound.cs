using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using BackupExporter.Configuration;
using BackupExporter.Decoding;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Offsite;

namespace BackupExporter.Benchmarks;

/// <summary>
/// <c>offsite-round RCLONE_CONFIG REMOTE SETDIR VERIFY REPEAT</c>: times whole off-site rounds (listing, comparison,
/// hashing or downloads) of the files in SETDIR, all taken as good, against REMOTE, for bench/offsite.sh.
/// </summary>
internal static class OffsiteRound
{
    public static int Run(string rcloneConfig, string remote, string setDirectory, string verify, int repeat)
    {
        var files = new DirectoryInfo(setDirectory).EnumerateFiles().OrderBy(f => f.LastWriteTimeUtc).ToList();
        var observation = new BackupSetObservation("bench", DateTimeOffset.UtcNow, null,
            files.Select(f => new ArtifactObservation(f.FullName, f.Length, f.LastWriteTimeUtc, false,
                ImmutableDictionary<string, CheckResult>.Empty, null, CompressionFormat.None)).ToList(), null, null, DateTimeOffset.UtcNow);
        var mode = Enum.Parse<OffsiteVerify>(verify, ignoreCase: true);
        var set = new BackupSetConfig
        {
            Name = "bench", Kind = BackupKind.Mysqldump, Path = setDirectory,
            Pattern = GlobPattern.TryParse("*", out var p, out _) ? p! : throw new InvalidOperationException(),
            TimeZone = TimeZoneInfo.Utc, Grace = TimeSpan.Zero, Checksum = ChecksumMode.None,
            Interval = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromSeconds(60), SettleTime = TimeSpan.Zero,
        };
        var config = new OffsiteConfig
        {
            Name = "bench", Remote = remote, RcloneConfig = rcloneConfig, Interval = TimeSpan.FromMinutes(15),
            Timeout = TimeSpan.FromMinutes(5), MaxLag = TimeSpan.FromHours(6), Verify = mode,
            DownloadLimitBytes = mode == OffsiteVerify.Download ? 1L << 30 : null,
        };
        long localBytes = 0;
        var inspection = new OffsiteInspection(set, config, () => observation, TimeProvider.System, n => localBytes += n);
        var times = new List<double>();
        for (var i = 0; i < repeat; i++)
        {
            var watch = Stopwatch.StartNew();
            var o = (OffsiteObservation)inspection.RunAsync(CancellationToken.None).GetAwaiter().GetResult();
            times.Add(watch.Elapsed.TotalSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round={i + 1} seconds={times[^1]:0.000} up={o.Up} objects={o.Objects} missing={o.Missing} mismatched={o.Mismatched} "
                    + $"verified_by={o.VerifiedBy} downloaded_bytes={o.DownloadedBytes} local_bytes_hashed_so_far={localBytes}"
                    + $"{(o.Error is { } e ? " error=" + e : "")}"));
        }
        var sorted = times.Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median_seconds={sorted[sorted.Count / 2]:0.000} "
            + $"min_seconds={sorted[0]:0.000}"));
        return 0;
    }
}
