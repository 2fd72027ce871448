using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using BackupExporter.Configuration;

namespace BackupExporter.Inspection.Logs;

/// <summary>
/// Maps a log line to at most one <see cref="ErrorClass"/>, by the rows of <see cref="ErrorPatterns"/> for one log
/// kind. Thread-safe and allocation-free for lines that are not errors; one instance per kind is shared.
/// </summary>
internal sealed class ErrorClassifier
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Compiled;

    private static readonly ConcurrentDictionary<LogKind, ErrorClassifier> Shared = new();

    // Every row in one regex, case-insensitive: a superset of the rows. Most lines of a log match no row, and this is
    // all the work they cost. The non-backtracking engine: linear in the line whatever it holds, and on a realistic
    // log 4x faster than the compiled backtracking one for this many alternatives (bench/README.md).
    private readonly Regex _any;
    private readonly (Regex Regex, ErrorClass? Class)[] _rows;
    private readonly bool _cronOnly;

    private ErrorClassifier(LogKind kind)
    {
        if (!LogKinds.Each.Contains(kind))
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "a classifier reads one log kind");
        Kind = kind;
        var rows = ErrorPatterns.For(kind);
        _rows = rows.Select(r => (new Regex(r.Pattern, Options), r.Class)).ToArray();
        _any = new Regex(CombinedPattern(kind),
            RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.IgnoreCase | RegexOptions.NonBacktracking);
        _cronOnly = kind == LogKind.Cron;
    }

    public LogKind Kind { get; }

    public static ErrorClassifier For(LogKind kind) => Shared.GetOrAdd(kind, k => new ErrorClassifier(k));

    /// <summary>The rows of a kind as one alternation; also what bench/log-throughput.sh hands to <c>grep -E -i</c>.</summary>
    public static string CombinedPattern(LogKind kind) => string.Join('|', ErrorPatterns.For(kind).Select(r => "(" + r.Pattern + ")"));

    /// <returns>the class of an error line, or null for a line that is not an error</returns>
    public ErrorClass? Classify(ReadOnlySpan<char> line)
    {
        if (_cronOnly && !IsCronLine(line))
            return null; // a syslog holds every daemon's lines; only cron's speak about the job
        if (!_any.IsMatch(line))
            return null;
        foreach (var (regex, errorClass) in _rows)
        {
            if (regex.IsMatch(line))
                return errorClass;
        }
        return null;
    }

    public ErrorClass? Classify(string line) => Classify(line.AsSpan());

    private static bool IsCronLine(ReadOnlySpan<char> line) =>
        line.Contains("cron[", StringComparison.OrdinalIgnoreCase) || line.Contains("crond[", StringComparison.OrdinalIgnoreCase);
}
