using BackupExporter.Configuration;

namespace BackupExporter.Reporting.Cadence;

/// <summary>
/// When a backup set must next show a success: the first scheduled start after the last success, plus grace.
/// A set is overdue once that moment has passed; the moment depends only on the last success, so the set's verdict
/// (Reporting/SetVerdicts) computes it once per observation, and <see cref="Passed"/> compares the clock with it: in
/// the verdict, and at each scrape for the metric.
/// </summary>
internal static class ScheduleDeadline
{
    /// <param name="lastSuccess">end time of the newest good artifact, if any</param>
    /// <param name="watchingSince">when monitoring began: the reference when there has never been a success</param>
    public static DateTimeOffset? Next(BackupSetConfig set, DateTimeOffset? lastSuccess, DateTimeOffset watchingSince)
    {
        if (set.Schedule is null)
            return null;
        var from = lastSuccess ?? watchingSince;
        var nextStart = set.Schedule.GetNextOccurrence(from, set.TimeZone, inclusive: false);
        return nextStart is null ? null : nextStart.Value + set.Grace;
    }

    /// <summary>Overdue: the clock is past the deadline. The one comparison, for the verdict and the metric alike.</summary>
    public static bool Passed(DateTimeOffset deadline, DateTimeOffset now) => now > deadline;
}
