namespace BackupExporter.Inspection.Server;

/// <summary>
/// How long the server keeps binary logs, from whichever variable the version honours: MySQL 8 prefers
/// <c>binlog_expire_logs_seconds</c> and falls back to <c>expire_logs_days</c> (removed in 8.4); MariaDB 10.6+ keeps
/// the two in step (days may be fractional, e.g. <c>10.000000</c>), older MariaDB has only the days. 0 = never.
/// </summary>
internal static class RetentionPolicy
{
    public static double Seconds(IReadOnlyDictionary<string, string> variables)
    {
        if (variables.TryGetValue("binlog_expire_logs_seconds", out var seconds) && Parse(seconds) is > 0 and var s)
            return s;
        if (variables.TryGetValue("expire_logs_days", out var days) && Parse(days) is > 0 and var d)
            return d * 86400;
        return 0;
    }

    private static double Parse(string value) =>
        double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v
            : 0;
}
