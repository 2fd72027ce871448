using BackupExporter.Platform;

namespace BackupExporter.Inspection.Logs;

/// <summary>The last few lines of a kind, kept for display (the status page's "not recognised" lines).</summary>
internal sealed class RecentLines(int limit)
{
    private const int MaxLineChars = 500;
    private readonly Queue<string> _lines = new();

    public void Add(string text)
    {
        _lines.Enqueue(text);
        while (_lines.Count > limit)
            _lines.Dequeue();
    }

    /// <summary>Oldest first.</summary>
    public IReadOnlyList<string> ToList() => _lines.ToList();

    /// <summary>
    /// For display: at most 500 characters, without control characters (mysys puts a BEL before some errors), and
    /// without passwords (a job traced with <c>sh -x</c> logs its command lines).
    /// </summary>
    public static string Cut(ReadOnlySpan<char> line) => SecretRedactor.RedactText(Printable(line));

    private static string Printable(ReadOnlySpan<char> line)
    {
        line = line.Length > MaxLineChars ? line[..MaxLineChars] : line;
        if (!line.ContainsAnyInRange('\0', '\u001f'))
            return line.ToString();
        var text = new System.Text.StringBuilder(line.Length);
        foreach (var c in line)
        {
            if (c == '\t')
                text.Append(' ');
            else if (c >= ' ')
                text.Append(c);
        }
        return text.ToString();
    }
}
