using System.Text;
using System.Text.RegularExpressions;

namespace BackupExporter.Configuration;

/// <summary>
/// A shell-style pattern for file names inside one directory: <c>*</c>, <c>?</c>, <c>[abc]</c>, <c>[a-z]</c>, <c>[!x]</c>.
/// It never contains a path separator: artifacts are the entries directly inside the set's <c>path</c>.
/// </summary>
internal sealed class GlobPattern : IEquatable<GlobPattern>
{
    private readonly Regex _regex;

    private GlobPattern(string text, Regex regex)
    {
        Text = text;
        _regex = regex;
    }

    public string Text { get; }

    public bool IsMatch(ReadOnlySpan<char> fileName) => _regex.IsMatch(fileName);

    public override string ToString() => Text;

    // Equal text, equal pattern: lets an unchanged backup set keep its inspection (and caches) across a reload.
    public bool Equals(GlobPattern? other) => other is not null && other.Text == Text;

    public override bool Equals(object? obj) => Equals(obj as GlobPattern);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    public static bool TryParse(string text, out GlobPattern? pattern, out string? error)
    {
        pattern = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "pattern is empty";
            return false;
        }
        if (text.Contains('/') || text.Contains('\\'))
        {
            error = $"pattern \"{text}\" contains a path separator; put the directory in `path` and only the file name pattern here";
            return false;
        }

        var regex = new StringBuilder("^");
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '*': regex.Append("[^/]*"); break;
                case '?': regex.Append("[^/]"); break;
                case '[':
                    var close = text.IndexOf(']', i + 2 <= text.Length ? i + 2 : i + 1);
                    if (close < 0)
                    {
                        error = $"pattern \"{text}\" has an unclosed '[' at position {i + 1}";
                        return false;
                    }
                    var set = text.Substring(i + 1, close - i - 1);
                    var negate = set.StartsWith('!') || set.StartsWith('^');
                    if (negate) set = set[1..];
                    if (set.Length == 0)
                    {
                        error = $"pattern \"{text}\" has an empty character class at position {i + 1}";
                        return false;
                    }
                    regex.Append('[');
                    if (negate) regex.Append('^');
                    foreach (var member in set)
                        regex.Append(member is '\\' or ']' or '[' or '^' ? "\\" + member : member.ToString());
                    regex.Append(']');
                    i = close;
                    break;
                case ']':
                    error = $"pattern \"{text}\" has a ']' without '[' at position {i + 1}";
                    return false;
                default: regex.Append(Regex.Escape(c.ToString())); break;
            }
        }
        regex.Append('$');
        pattern = new GlobPattern(text, new Regex(regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.Compiled));
        return true;
    }
}
