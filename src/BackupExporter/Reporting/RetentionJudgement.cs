using System.Globalization;

namespace BackupExporter.Reporting;

/// <summary>
/// What a set's retention promise, its removals and its change-rate signals say against it (part of
/// <see cref="SetVerdicts.Decide"/>). All warnings: a broken promise or a removed backup cannot be mended at night,
/// and an unusual change is a sign to look at, not a failed check.
/// </summary>
internal static class RetentionJudgement
{
    private const int MaxNamed = 3;

    public static void Judge(SetVerdict v, Action<Severity, string, string> raise)
    {
        // The newest few by name; a wiped directory is one more line, not a hundred.
        foreach (var removed in v.RemovedTooEarly.TakeLast(MaxNamed))
            raise(Severity.Warning, $"{removed.Name} ({removed.Time:u}) was removed too early: last seen {removed.LastSeen:u}, gone at "
                + $"{removed.GoneAt:u}{(removed.RemovedBy is { } by ? $" ({by})" : "")}", Runbooks.RemovedTooEarly);
        if (v.RemovedTooEarly.Count > MaxNamed)
            raise(Severity.Warning, $"and {v.RemovedTooEarly.Count - MaxNamed} older artifacts removed too early (/api/v1/status lists "
                + "them)", Runbooks.RemovedTooEarly);
        if (v.Retention is { Holds: false } retention)
            raise(Severity.Warning, $"retention promise broken: {retention.Summary()}", Runbooks.RetentionBroken);
        if (v.ChangeRate is { } change && v.LastSuccess is { } newest)
        {
            if (change.CompressionUnusual)
                raise(Severity.Warning, $"{newest.Name} compresses {Ratio(change.CompressionRatio)}:1 where the set's last "
                    + $"{change.History} compressed {Ratio(change.CompressionRatioMedian)}:1 (median): random or encrypted content "
                    + "does not compress", Runbooks.UnusualChange);
            if (change.SizeUnusual)
                raise(Severity.Warning, $"{newest.Name} is {Ratio(change.SizeRatio)} times the size of the good one before it, where the "
                    + $"set's usual step is {Ratio(change.SizeRatioMedian)} (median)", Runbooks.UnusualChange);
        }
    }

    private static string Ratio(double? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "?";
}
