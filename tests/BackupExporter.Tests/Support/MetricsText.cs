using System.Text;
using Prometheus;

namespace BackupExporter.Tests.Support;

/// <summary>Scrapes a registry the way /metrics does and gives the text exposition.</summary>
internal static class MetricsText
{
    public static async Task<string> ScrapeAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The value of the one series whose name and labels are given in exposition form, e.g. <c>x{backup="a"}</c>.</summary>
    public static double? Value(string text, string series)
    {
        foreach (var line in text.Split('\n'))
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
                return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return null;
    }
}
