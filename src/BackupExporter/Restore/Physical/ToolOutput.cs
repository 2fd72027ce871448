using System.Text.RegularExpressions;

namespace BackupExporter.Restore.Physical;

/// <summary>
/// What a tool printed, kept bounded: a prepare of a large backup prints thousands of lines. The first lines that
/// look like errors are kept (the cause comes first; what follows is mostly its consequences), and the last lines
/// (a tool that fails without an error word says why at the end).
/// </summary>
internal sealed partial class ToolOutput
{
    private const int KeptErrors = 8;
    private const int KeptTail = 20;
    private const int MaxLineLength = 500;

    private readonly List<string> _errors = [];
    private readonly Queue<string> _tail = new();
    private readonly Lock _lock = new();

    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_lock)
                return [.. _errors];
        }
    }

    public IReadOnlyList<string> Tail
    {
        get
        {
            lock (_lock)
                return [.. _tail];
        }
    }

    public void Add(string line)
    {
        line = Prefix().Replace(line.TrimEnd(), "");
        if (line.Length == 0 || line.StartsWith("Error in my_thread_global_end()", StringComparison.Ordinal))
            return; // printed at exit after any failure: it names no cause
        if (line.Length > MaxLineLength)
            line = line[..MaxLineLength] + "…";
        lock (_lock)
        {
            if (_errors.Count < KeptErrors && LooksLikeError(line))
                _errors.Add(line);
            _tail.Enqueue(line);
            if (_tail.Count > KeptTail)
                _tail.Dequeue();
        }
    }

    /// <summary>
    /// The first error line, and the last one when it adds something (InnoDB names the damage first and the failed
    /// step last: <c>Missing FILE_CHECKPOINT(57777) at 58594</c> … <c>srv_start() returned 11 (Generic error).</c>);
    /// without an error line, the last line printed.
    /// </summary>
    public string TellingLine()
    {
        lock (_lock)
        {
            if (_errors.Count > 0)
                return _errors.Count > 1 && _errors[^1] != _errors[0] ? $"{_errors[0]} … {_errors[^1]}" : _errors[0];
            return _tail.Count > 0 ? _tail.Last() : "(it printed nothing)";
        }
    }

    /// <summary>Lines every tool here prints on failure: mariabackup's <c>error:</c> and <c>[ERROR]</c>, the client's
    /// <c>ERROR 1062 (23000)</c>, mbstream's <c>my_read() failed</c>, gzip's <c>unexpected end of file</c>.</summary>
    private static bool LooksLikeError(string line) => ErrorWords().IsMatch(line);

    [GeneratedRegex(@"\berror\b|\bfailed\b|\bunknown option\b|\bnot found\b|\bunexpected "
        + @"end\b|\bcorrupt|\bcannot\b|\bcan't\b|\bcould not\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex ErrorWords();

    /// <summary>mariabackup's <c>[00] 2026-11-24 23:55:22 </c> and InnoDB's <c>2026-11-30  0:10:32 0 </c> prefixes.</summary>
    [GeneratedRegex(@"^(\[\d+\] )?\d{4}-\d\d-\d\d [ \d]\d:\d\d:\d\d( \d+)? ")]
    private static partial Regex Prefix();
}
