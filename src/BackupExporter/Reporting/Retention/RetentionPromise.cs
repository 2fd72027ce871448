using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Inspection.BackupSets;

namespace BackupExporter.Reporting.Retention;

/// <summary>
/// Holds a set's retained artifacts against its <c>retention</c> promise. Days are calendar days of the artifact time
/// (the tool's record, <see cref="ArtifactObservation.Time"/>) in the set's time zone. The window is the
/// <c>window</c> days that end with the last day a backup was due: the day of the latest scheduled start whose grace
/// has passed, or without a schedule today when today has a good artifact, else yesterday. So the hours between
/// midnight and tonight's backup break nothing.
/// </summary>
internal static class RetentionPromise
{
    public static RetentionReport? Evaluate(BackupSetConfig set, IReadOnlyList<JudgedArtifact> artifacts, DateTimeOffset now)
    {
        if (set.Retention is not { } promise)
            return null;
        var zone = set.TimeZone;
        var goodDays = new HashSet<DateOnly>();
        var good = 0;
        foreach (var artifact in artifacts)
        {
            if (artifact.Status != ArtifactStatus.Ok)
                continue;
            good++;
            goodDays.Add(Day(artifact.Observation.Time, zone));
        }

        var restorable = 0;
        DateTimeOffset? windowStart = null, firstMissing = null;
        if (promise.WindowDays > 0)
        {
            var last = LastDueDay(set, goodDays, now);
            var first = last.AddDays(1 - promise.WindowDays);
            windowStart = StartOf(first, zone);
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                if (goodDays.Contains(day))
                    restorable++;
                else
                    firstMissing ??= StartOf(day, zone);
            }
        }
        return new RetentionReport
        {
            Holds = good >= promise.MinGood && restorable == promise.WindowDays,
            MinGood = promise.MinGood,
            GoodArtifacts = good,
            WindowDays = promise.WindowDays,
            RestorableDays = restorable,
            WindowStart = windowStart,
            FirstMissingDay = firstMissing,
        };
    }

    /// <summary>
    /// The good artifacts removed too early: made inside the window (with a promise), or removed while an older one
    /// was still retained (without one). A removal outside the window is what the promise allows, and says nothing.
    /// </summary>
    public static IReadOnlyList<RemovedArtifactReport> RemovedTooEarly(RetentionReport? retention, IReadOnlyList<SeenArtifact> gone,
        Func<string, string?> removedBy)
    {
        if (gone.Count == 0)
            return [];
        var early = retention is null
            ? gone.Where(g => g.OutOfOrder)
            : gone.Where(g => retention.WindowStart is { } start ? g.Time >= start : g.OutOfOrder);
        return early.Select(g => new RemovedArtifactReport(g.Name, g.SizeBytes, g.Time, g.LastSeen, g.GoneAt ?? g.LastSeen,
            removedBy(g.Name))).ToList();
    }

    /// <summary>
    /// What the window's position depends on beyond the artifacts: the last due day by the schedule, or today without one.
    /// While it is the same, a verdict decided earlier still holds.
    /// </summary>
    public static DateOnly WindowKey(BackupSetConfig set, DateTimeOffset now) =>
        set.Schedule is null ? Day(now, set.TimeZone) : LastDueDay(set, [], now);

    private static DateOnly LastDueDay(BackupSetConfig set, HashSet<DateOnly> goodDays, DateTimeOffset now)
    {
        var today = Day(now, set.TimeZone);
        if (set.Schedule is { } schedule)
        {
            var due = now - set.Grace;
            DateTimeOffset? latest = null;
            // The latest start within two days covers every daily or more frequent schedule; a sparser one falls back.
            foreach (var start in schedule.GetOccurrences(due.AddDays(-2), due, set.TimeZone, fromInclusive: true, toInclusive: true))
                latest = start;
            return latest is { } l ? Day(l, set.TimeZone) : today.AddDays(-1);
        }
        return goodDays.Contains(today) ? today : today.AddDays(-1);
    }

    private static DateOnly Day(DateTimeOffset time, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time, zone).DateTime);

    /// <summary>Midnight of the day in the zone; where a zone skips midnight (a DST change), the first hour that exists.</summary>
    private static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
            local = local.AddMinutes(30);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
