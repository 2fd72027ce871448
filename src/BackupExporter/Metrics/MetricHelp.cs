namespace BackupExporter.Metrics;

/// <summary>Shared HELP wording. Cached metrics say so, as the Prometheus guidance for slow collectors asks.</summary>
internal static class MetricHelp
{
    public const string Cached = " Refreshed in the background by the backup set's inspection, not at scrape time.";

    public static double Seconds(DateTimeOffset? time) => time is { } t ? t.ToUnixTimeMilliseconds() / 1000.0 : 0;
}
