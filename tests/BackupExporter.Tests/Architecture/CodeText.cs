using System.Text;

namespace BackupExporter.Tests.Architecture;

/// <summary>
/// C# source with its comments and the text of its string and character literals blanked out (line breaks kept),
/// so that a check over code does not trip over prose. A hole of an interpolated string is blanked too: these
/// checks look for plain member access, which a hole rarely holds.
/// </summary>
internal static class CodeText
{
    public static string Code(string source)
    {
        var code = new StringBuilder(source.Length);
        var i = 0;
        while (i < source.Length)
        {
            var start = i;
            i = source[i] switch
            {
                '/' when At(source, i, "//") => source.IndexOf('\n', i) is var end and >= 0 ? end : source.Length,
                '/' when At(source, i, "/*") =>
                    source.IndexOf("*/", i + 2, StringComparison.Ordinal) is var end and >= 0 ? end + 2 : source.Length,
                '"' or '@' or '$' when StringStart(source, i) is var quote and >= 0 => StringEnd(source, quote, Verbatim(source, i, quote)),
                '\'' => CharEnd(source, i),
                _ => i + 1,
            };
            if (i == start + 1 && !IsLiteralOrComment(source, start))
                code.Append(source[start]);
            else
                foreach (var c in source.AsSpan(start, i - start))
                    code.Append(c == '\n' ? '\n' : ' ');
        }
        return code.ToString();
    }

    private static bool IsLiteralOrComment(string source, int at) =>
        source[at] is '\'' || (source[at] is '"' or '@' or '$' && StringStart(source, at) >= 0);

    private static bool At(string source, int at, string text) => string.CompareOrdinal(source, at, text, 0, text.Length) == 0;

    // The index of the opening quote of a string literal starting at `at` (with its @ and $ prefixes), or -1.
    private static int StringStart(string source, int at)
    {
        var i = at;
        while (i < source.Length && source[i] is '@' or '$')
            i++;
        return i < source.Length && source[i] == '"' && (i == at || source[at] != '"') ? i : -1;
    }

    private static bool Verbatim(string source, int at, int quote) => source.AsSpan(at, quote - at).Contains('@');

    private static int StringEnd(string source, int quote, bool verbatim)
    {
        var quotes = 0;
        while (quote + quotes < source.Length && source[quote + quotes] == '"')
            quotes++;
        if (quotes >= 3) // a raw string literal ends at the same run of quotes
        {
            var end = source.IndexOf(new string('"', quotes), quote + quotes, StringComparison.Ordinal);
            return end < 0 ? source.Length : end + quotes;
        }
        if (quotes == 2)
            return quote + 2; // ""
        for (var i = quote + 1; i < source.Length; i++)
        {
            if (!verbatim && source[i] == '\\')
                i++;
            else if (source[i] == '"' && verbatim && i + 1 < source.Length && source[i + 1] == '"')
                i++;
            else if (source[i] == '"' || (!verbatim && source[i] == '\n'))
                return i + 1;
        }
        return source.Length;
    }

    private static int CharEnd(string source, int quote)
    {
        for (var i = quote + 1; i < source.Length; i++)
        {
            if (source[i] == '\\')
                i++;
            else if (source[i] is '\'' or '\n')
                return i + 1;
        }
        return source.Length;
    }
}
