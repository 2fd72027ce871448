using System.Text;

namespace BackupExporter.Platform;

/// <summary>A word of a shell-like text: where it stands in the text, and its value with the quotes removed.</summary>
internal readonly record struct ShellToken(int Start, int Length, string Word);

/// <summary>
/// Splits text into words the way a POSIX shell would for simple commands: whitespace separates, single and double
/// quotes group (a backslash escapes in double quotes and outside them). Enough to find options in a script or a
/// cron line; nothing is expanded.
/// </summary>
internal static class ShellTokens
{
    public static IReadOnlyList<ShellToken> Split(string text)
    {
        var tokens = new List<ShellToken>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
                i++;
            if (i >= text.Length)
                break;
            var start = i;
            var word = new StringBuilder();
            var quote = '\0';
            for (; i < text.Length; i++)
            {
                var c = text[i];
                if (quote == '\0' && char.IsWhiteSpace(c))
                    break;
                if (quote == '\0' && c is '\'' or '"')
                    quote = c;
                else if (c == quote)
                    quote = '\0';
                else if (c == '\\' && quote != '\'' && i + 1 < text.Length)
                    word.Append(text[++i]);
                else
                    word.Append(c);
            }
            tokens.Add(new ShellToken(start, i - start, word.ToString()));
        }
        return tokens;
    }
}
