using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace BackupExporter.Web;

/// <summary>
/// Turns text from the configuration, file names and logs into HTML for the status page: always escaped, long
/// hexadecimal hashes shortened (the full value stays in the tooltip), times relative with the absolute time on hover.
/// </summary>
internal static partial class PageText
{
    /// <summary>Hashes (MD5 32, SHA-1 40, SHA-256 64 hex digits) and other long hex runs: nobody reads them in full.</summary>
    [GeneratedRegex("[0-9a-fA-F]{24,}")]
    private static partial Regex LongHex();

    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Escapes <paramref name="text"/> and shortens every long hash in it to its first 8 and last 4 digits.</summary>
    public static string Shorten(string text)
    {
        var html = new StringBuilder();
        var last = 0;
        foreach (Match m in LongHex().Matches(text))
        {
            html.Append(Escape(text[last..m.Index]));
            html.Append(CultureInfo.InvariantCulture, $"<span class=\"hash\" title=\"{m.Value}\">{m.Value[..8]}…{m.Value[^4..]}</span>");
            last = m.Index + m.Length;
        }
        return html.Append(Escape(text[last..])).ToString();
    }

    /// <summary>"3 h ago" or "in 4 h", in a <c>time</c> element whose tooltip is the absolute UTC time.</summary>
    public static string When(DateTimeOffset time, DateTimeOffset now, string future = "in {0}", string past = "{0} ago") =>
        Time(time, string.Format(CultureInfo.InvariantCulture, time > now ? future : past, Duration(time - now)));

    /// <summary>A <c>time</c> element showing <paramref name="text"/> with the absolute UTC time as its tooltip.</summary>
    public static string Time(DateTimeOffset time, string text) => string.Create(CultureInfo.InvariantCulture,
        $"<time datetime=\"{time.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\" title=\"{time.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC\">"
            + $"{Escape(text)}</time>");

    /// <summary>A table's column widths, in percent of the table's width, as its <c>colgroup</c>.</summary>
    public static string Columns(params ReadOnlySpan<int> percents)
    {
        var html = new StringBuilder("<colgroup>");
        foreach (var percent in percents)
            html.Append(CultureInfo.InvariantCulture, $"<col style=\"width:{percent}%\">");
        return html.Append("</colgroup>").ToString();
    }

    /// <summary>A table's header row; the headings are the page's own text, not escaped.</summary>
    public static string Headings(params ReadOnlySpan<string> headings)
    {
        var html = new StringBuilder("<thead><tr>");
        foreach (var heading in headings)
            html.Append("<th>").Append(heading).Append("</th>");
        return html.Append("</tr></thead>").ToString();
    }

    /// <summary>A length of time as a person says it: precise when it is short, coarse when it is long.</summary>
    public static string Duration(TimeSpan span)
    {
        var d = span.Duration();
        if (d < TimeSpan.FromMinutes(1))
            return $"{(int)d.TotalSeconds} s";
        if (d < TimeSpan.FromMinutes(90))
            return $"{(int)d.TotalMinutes} min";
        if (d < TimeSpan.FromHours(10))
            return d.Minutes == 0 ? $"{(int)d.TotalHours} h" : $"{(int)d.TotalHours} h {d.Minutes} min";
        if (d < TimeSpan.FromHours(48))
            return $"{(int)d.TotalHours} h";
        if (d < TimeSpan.FromDays(14))
            return d.Hours == 0 ? $"{(int)d.TotalDays} d" : $"{(int)d.TotalDays} d {d.Hours} h";
        return $"{(int)d.TotalDays} d";
    }
}
