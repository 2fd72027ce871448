using BackupExporter.Inspection.Logs;

namespace BackupExporter.Cli.Run;

/// <summary>
/// Retries only what may well succeed a little later: a failed attempt whose stderr has a transient class
/// (connection_lost, lock_timeout) and no class that another attempt cannot fix (a full disk, a missing privilege, a
/// corrupt table...). <c>other</c> lines do not prevent a retry: tools add them around the real error.
/// </summary>
internal static class RetryPolicy
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromHours(1);

    /// <returns>the transient classes that justify another attempt, or null for none</returns>
    public static string? Reason(AttemptResult result)
    {
        if (result.Succeeded || result.TimedOut)
            return null;
        var transient = ErrorClasses.Transient.Where(result.Errors.Any).ToList();
        var lasting = ErrorClasses.All.Where(c => c != ErrorClass.Other && !ErrorClasses.Transient.Contains(c) && result.Errors.Any(c));
        return transient.Count > 0 && !lasting.Any() ? string.Join(", ", transient.Select(ErrorClasses.Label)) : null;
    }

    /// <summary>Exponential backoff: the first delay after attempt 1, doubled after each further one, at most an hour.</summary>
    public static TimeSpan Delay(TimeSpan first, int failedAttempt)
    {
        var factor = Math.Pow(2, Math.Min(failedAttempt - 1, 30));
        return TimeSpan.FromTicks((long)Math.Min(first.Ticks * factor, MaxDelay.Ticks));
    }
}
