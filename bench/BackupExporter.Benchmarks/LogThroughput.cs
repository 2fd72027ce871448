using System.Diagnostics;
using System.Globalization;
using BackupExporter.Configuration;
using BackupExporter.Inspection.Logs;

namespace BackupExporter.Benchmarks;

/// <summary>
/// In-process timings of log reading for bench/log-throughput.sh: the first read of a whole log (follower, run
/// segmenter and classifier, as an inspection does it), and the steady state (only the bytes appended since).
/// </summary>
internal static class LogThroughput
{
    /// <summary><c>log-pattern KIND</c>: the classifier's rows as one extended regular expression, for grep -E.</summary>
    public static int Pattern(string kind)
    {
        Console.WriteLine(ErrorClassifier.CombinedPattern(LogKinds.Parse(kind) ?? throw new ArgumentException($"unknown log kind {kind}")));
        return 0;
    }

    /// <summary><c>log-first FILE KIND [REPEAT]</c>: median time of reading the whole log from its first byte.</summary>
    public static int FirstRead(string file, string kind, int repeat)
    {
        var logKind = LogKinds.Parse(kind) ?? throw new ArgumentException($"unknown log kind {kind}");
        var times = new List<double>();
        LogReadResult? result = null;
        RunSegmenter? segmenter = null;
        long held = 0;
        for (var i = 0; i < repeat; i++)
        {
            var watch = Stopwatch.StartNew();
            using var follower = new LogFollower(file);
            segmenter = new RunSegmenter(logKind);
            result = follower.Read(segmenter);
            times.Add(watch.Elapsed.TotalSeconds);
            held = follower.LongestLineHeldBytes;
        }
        times.Sort();
        var median = times[times.Count / 2];
        var run = segmenter!.NewestRun;
        Console.WriteLine(Invariant($"file={file} kind={kind} bytes={result!.BytesRead} lines={result.Lines} ") +
            Invariant($"runs={repeat} median_seconds={median:0.000} ") +
            Invariant($"min_seconds={times[0]:0.000} mb_per_second={result.BytesRead / median / 1e6:0.0} newest_run_lines={run?.Lines} ") +
            Invariant($"newest_run_outcome={run?.Outcome} newest_run_errors={run?.TotalErrorLines} longest_line_held={held}"));
        return 0;
    }

    /// <summary>
    /// <c>log-steady FILE KIND APPEND_BYTES ROUNDS</c>: reads the log once (not timed), then ROUNDS times appends
    /// APPEND_BYTES of lines copied from the log's start and times the read of what was appended; also times reads
    /// when nothing was appended. The file grows by APPEND_BYTES × ROUNDS.
    /// </summary>
    public static int Steady(string file, string kind, int appendBytes, int rounds)
    {
        var logKind = LogKinds.Parse(kind) ?? throw new ArgumentException($"unknown log kind {kind}");
        var chunk = new byte[appendBytes];
        using (var source = File.OpenRead(file))
            source.ReadExactly(chunk);
        var cut = Array.LastIndexOf(chunk, (byte)'\n') + 1; // whole lines only
        using var follower = new LogFollower(file);
        var segmenter = new RunSegmenter(logKind);
        var first = Stopwatch.StartNew();
        var initial = follower.Read(segmenter);
        var firstSeconds = first.Elapsed.TotalSeconds;

        var appended = new List<double>();
        var idle = new List<double>();
        long bytes = 0;
        for (var i = 0; i < rounds; i++)
        {
            using (var log = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
                log.Write(chunk, 0, cut);
            var watch = Stopwatch.StartNew();
            var read = follower.Read(segmenter);
            appended.Add(watch.Elapsed.TotalSeconds);
            bytes += read.BytesRead;
            watch.Restart();
            var none = follower.Read(segmenter);
            idle.Add(watch.Elapsed.TotalSeconds);
            if (read.BytesRead != cut || none.BytesRead != 0)
                throw new InvalidOperationException($"read {read.BytesRead} bytes after appending {cut}, then {none.BytesRead}");
        }
        appended.Sort();
        idle.Sort();
        Console.WriteLine(
            Invariant($"file={file} initial_bytes={initial.BytesRead} initial_seconds={firstSeconds:0.000} rounds={rounds} ") +
            Invariant($"appended_per_round={cut} bytes_read_per_round={bytes / rounds} ") +
            Invariant($"median_read_seconds={appended[rounds / 2]:0.0000} ") +
            Invariant($"mb_per_second={cut / appended[rounds / 2] / 1e6:0.0} median_idle_read_seconds={idle[rounds / 2]:0.000000}"));
        return 0;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
