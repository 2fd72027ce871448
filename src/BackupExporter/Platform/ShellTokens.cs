using System.Text;

namespace BackupExporter.Platform;

/// <summary>A word of a shell-like text: where it stands in the text, and its value with the quotes removed.</summary>
internal readonly record struct ShellToken(int Start, int Length, string Word);

/// <summary>
/// Splits text into words the way a POSIX shell would for simple commands: whitespace separates, single and double
/// quotes group (a backslash escapes in double quotes and outside them). In a script, an unquoted operator (<c>;</c>, <c>|</c>,
/// <c>&amp;</c>, <c>&amp;&amp;</c>, <c>||</c>, <c>(</c>, <c>)</c>, <c>&lt;</c>, <c>&gt;</c>, a newline) ends a word and is a
/// token of its own, so <c>MYSQL_PWD=S;</c> has the value <c>S</c> and the <c>;</c> stays. Enough to find options in
/// a script or a cron line; nothing is expanded.
/// </summary>
internal static class ShellTokens
{
    /// <summary>The operators that end one command and begin another.</summary>
    public static bool IsCommandSeparator(string word) => word is ";" or "|" or "||" or "&" or "&&" or "(" or ")" or "\n" or "|&";

    private static bool IsOperator(char c) => c is ';' or '|' or '&' or '(' or ')' or '<' or '>' or '\n';

    /// <param name="operators">whether operators are tokens (a script), or only whitespace separates (free text)</param>
    public static IReadOnlyList<ShellToken> Split(string text, bool operators = true)
    {
        var tokens = new List<ShellToken>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]) && (text[i] != '\n' || !operators))
                i++;
            if (i >= text.Length)
                break;
            var start = i;
            if (operators && IsOperator(text[i]))
            {
                // Doubled ones (&&, ||, >>, ;;) are one operator, as |& is.
                i += i + 1 < text.Length && (text[i + 1] == text[i] || (text[i] == '|' && text[i + 1] == '&')) && text[i] != '\n' ? 2 : 1;
                tokens.Add(new ShellToken(start, i - start, text[start..i]));
                continue;
            }
            var word = new StringBuilder();
            var quote = '\0';
            for (; i < text.Length; i++)
            {
                var c = text[i];
                if (quote == '\0' && (char.IsWhiteSpace(c) || (operators && IsOperator(c))))
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
