using System.Runtime.CompilerServices;
using BackupExporter.Configuration;
using Cronos;

namespace BackupExporter.Reporting.Cadence;

/// <summary>
/// The longest time between two scheduled starts of a set: what binlog retention must outlive. The longest, not the
/// usual, gap: a weekday-only schedule leaves the weekend between Friday's backup and Monday's.
/// </summary>
internal static class ScheduleInterval
{
    private const int Occurrences = 400;
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(400); // a year covers the irregular gaps of any 5-field cron

    // Per configured set, computed once: the set's series are rendered again at every new observation.
    private static readonly ConditionalWeakTable<BackupSetConfig, StrongBox<TimeSpan?>> BySet = new();

    /// <summary>The set's interval, from its schedule in its time zone; null without a schedule.</summary>
    public static TimeSpan? Of(BackupSetConfig set) =>
        BySet.GetValue(set, s => new StrongBox<TimeSpan?>(Longest(s.Schedule, s.TimeZone, DateTimeOffset.UtcNow))).Value;

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
