using System.Globalization;
using System.Text;

namespace BackupExporter.Platform;

/// <summary>
/// Makes text that came from outside (an artifact's file name, a log line) safe for line-based output: control
/// characters, and the Unicode line and paragraph separators, are written as escapes (<c>\n</c>, <c>\t</c>,
/// <c>\x1b</c>, <c>\u2028</c>), so a newline in a file name cannot start a line of its own in Nagios or text output.
/// </summary>
internal static class ControlCharacters
{
    public static string Escape(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\0', '\u001f') && !text.AsSpan().ContainsAnyInRange('\u007f', '\u009f')
            && !text.Contains('\u2028', StringComparison.Ordinal) && !text.Contains('\u2029', StringComparison.Ordinal))
            return text;
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '\n' => @"\n",
                '\r' => @"\r",
                '\t' => @"\t",
                < ' ' or (>= '\u007f' and <= '\u009f') => "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
                '\u2028' or '\u2029' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }
}
