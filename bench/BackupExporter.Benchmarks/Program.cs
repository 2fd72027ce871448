using System.Diagnostics;
using BackupExporter.Benchmarks;
using BackupExporter.Configuration;
using BackupExporter.Inspection.Artifacts;
using BackupExporter.Inspection.BackupSets;
using BackupExporter.Decoding;
using BenchmarkDotNet.Running;

// `verify FILE [REPEAT] [fallbacks]`: times the one-pass verification of a real file, for bench/compare.sh; with
// `fallbacks`, through zlib and ZstdSharp instead of ISA-L and libzstd.
// `log-first`, `log-steady`, `log-pattern`: log reading, for bench/log-throughput.sh (LogThroughput.cs).
// Anything else goes to BenchmarkDotNet (e.g. `--filter '*'`).
if (args is ["verify", var file, ..])
{
    var repeat = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5;
    var times = new List<double>();
    DumpVerification? last = null;
    for (var i = 0; i < repeat; i++)
    {
        var watch = Stopwatch.StartNew();
        last = MysqldumpVerifier.Verify(file, ChecksumMode.Auto, CancellationToken.None, args is [.., "fallbacks"]
            ? DecoderLibraries.Fallbacks : DecoderLibraries.Installed);
        times.Add(watch.Elapsed.TotalSeconds);
    }
    times.Sort();
    var median = times[times.Count / 2];
    Console.WriteLine($"file={file} bytes={last!.BytesRead} runs={repeat} median_seconds={median:0.000} min_seconds={times[0]:0.000} " +
        $"mb_per_second={last.BytesRead / median / 1e6:0.0} checks="
            + $"{string.Join(',', last.Checks.Select(c => $"{c.Key}:{(c.Value.Ok ? "ok" : "FAILED")}"))}");
    return last.Checks.Values.All(c => c.Ok) ? 0 : 1;
}

// `reinspect SETDIR [REPEAT]`: times re-inspections of an unchanged directory-kind set (kind: mariabackup), for
// bench/directory-walk.sh; prints the bytes read by them, which must be 0.
if (args is ["reinspect", var setDirectory, ..])
{
    var repeat = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10;
    var (config, errors) = ConfigLoader.Parse($"global:\n  settle_time: 0s\nbackups:\n  - name: bench\n    kind: mariabackup\n    "
        + $"path: {setDirectory}\n", "bench.yml");
    if (config is null)
        throw new InvalidOperationException(string.Join("; ", errors));
    long bytesRead = 0;
    var set = config.Backups[0];
    var inspector = (ArtifactSetInspector)BackupSetInspections.Create(set, null, TimeProvider.System, n => bytesRead += n);
    var first = inspector.Inspect(CancellationToken.None);
    var firstBytes = bytesRead;
    var times = new List<double>();
    for (var i = 0; i < repeat; i++)
    {
        var watch = Stopwatch.StartNew();
        inspector.Inspect(CancellationToken.None);
        times.Add(watch.Elapsed.TotalSeconds);
    }
    times.Sort();
    Console.WriteLine($"set={setDirectory} artifacts={first.Artifacts.Count} status="
        + $"{string.Join(',', ArtifactVerdicts.Judge(first.Artifacts, set).Select(a => a.Status))} " +
        $"first_inspection_bytes_read={firstBytes} runs={repeat} median_seconds={times[times.Count / 2]:0.0000} "
            + $"min_seconds={times[0]:0.0000} " +
        $"reinspection_bytes_read={bytesRead - firstBytes}");
    return bytesRead == firstBytes ? 0 : 1;
}

// Off-site rounds, for bench/offsite.sh.
if (args is ["offsite-round", var rcloneConfig, var remote, var offsiteSet, var verifyMode, var offsiteRounds])
    return OffsiteRound.Run(rcloneConfig, remote, offsiteSet, verifyMode,
        int.Parse(offsiteRounds, System.Globalization.CultureInfo.InvariantCulture));

// Log reading, for bench/log-throughput.sh.
switch (args)
{
    case ["log-pattern", string patternKind]:
        return LogThroughput.Pattern(patternKind);
    case ["log-first", string firstLog, string firstKind, ..]:
        return LogThroughput.FirstRead(firstLog, firstKind, args.Length > 3
            ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 5);
    case ["log-steady", string steadyLog, string steadyKind, string bytes, string rounds]:
        return LogThroughput.Steady(steadyLog, steadyKind, int.Parse(bytes, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(rounds, System.Globalization.CultureInfo.InvariantCulture));
}

BenchmarkSwitcher.FromAssembly(typeof(RenderBenchmarks).Assembly).Run(args);
return 0;
