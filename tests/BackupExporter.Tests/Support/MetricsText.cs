namespace BackupExporter.Tests.Support;

/// <summary>Reads values out of /metrics text.</summary>
internal static class MetricsText
{
    /// <summary>The value of the one series whose name and labels are given in exposition form, e.g. <c>x{backup="a"}</c>.</summary>
    public static double? Value(string text, string series)
    {
        foreach (var line in text.Split('\n'))
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
                return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return null;
    }
}
