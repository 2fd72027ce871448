using Cronos;

namespace BackupExporter.Inspection.Schedule;

/// <summary>
/// The longest time between two scheduled starts of a set: what binlog retention must outlive. The longest, not the
/// usual, gap: a weekday-only schedule leaves the weekend between Friday's backup and Monday's.
/// </summary>
internal static class ScheduleInterval
{
    private const int Occurrences = 400;
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(400); // a year covers the irregular gaps of any 5-field cron

    public static TimeSpan? Longest(CronExpression? schedule, TimeZoneInfo zone, DateTimeOffset from)
    {
        if (schedule is null)
            return null;
        TimeSpan? longest = null;
        DateTimeOffset? previous = null;
        foreach (var start in schedule.GetOccurrences(from, from + Horizon, zone).Take(Occurrences))
        {
            if (previous is { } p && (longest is null || start - p > longest))
                longest = start - p;
            previous = start;
        }
        return longest;
    }
}
