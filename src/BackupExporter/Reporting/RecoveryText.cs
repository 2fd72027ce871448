using System.Globalization;
using System.Text;
using BackupExporter.Configuration;

namespace BackupExporter.Reporting;

/// <summary>
/// The one line per set and per server that the status page and <c>verify</c> open with, e.g. "shop: restorable now to
/// 10:42 (3 min ago) from shop-full-2026-12-07 + binlogs, in about 14 min (3 drills, newest 2 days ago); off-site to
/// 02:00; RPO 26 h met, RTO 1 h met". Times are in the set's time zone.
/// </summary>
internal static class RecoveryText
{
    public static RecoveryReport Set(BackupSetConfig set, SetVerdict v, DateTimeOffset now)
    {
        var recovery = v.Recovery;
        var breached = Objectives.RpoBreached(set, recovery, now);
        var rtoBreached = Objectives.RtoBreached(set, recovery);
        var text = new StringBuilder(set.Name).Append(": ");
        Local(text, recovery.Local, set.TimeZone, now, set: null);
        text.Append(", ").Append(Restore(recovery.Restore, v.DrillObservation?.History.LastSuccess is not null, now));
        Others(text, recovery.Offsite, recovery.Proven, set.TimeZone, now);
        var objectives = new List<string>();
        if (set.Rpo is { } rpo)
            objectives.Add($"RPO {Duration(rpo)} " + (breached.Count == 0 ? "met"
                : "breached (" + string.Join(", ", breached.Select(RecoveryScopes.Word)) + ")"));
        if (set.Rto is { } rto)
            objectives.Add($"RTO {Duration(rto)} " + (rtoBreached switch { true => "breached", false => "met", null => "unproven" }));
        if (objectives.Count > 0)
            text.Append("; ").AppendJoin(", ", objectives);
        return new RecoveryReport
        {
            Summary = text.ToString(),
            Points = [.. recovery.Points.Select(p => RecoveryPointReport.From(p))],
            RestoreSeconds = recovery.Restore?.Duration.TotalSeconds,
            RestoreDrills = recovery.Restore?.Drills ?? 0,
            RestoreNewestDrill = recovery.Restore?.NewestDrill,
            RpoSeconds = set.Rpo?.TotalSeconds,
            RtoSeconds = set.Rto?.TotalSeconds,
            RpoMet = set.Rpo is null ? null : breached.Count == 0,
            RpoBreached = [.. breached.Select(RecoveryScopes.Word)],
            RtoMet = rtoBreached is { } b ? !b : null,
        };
    }

    /// <summary>A server's line: the best of its sets in each scope.</summary>
    public static RecoveryReport? Server(string name, IReadOnlyList<(BackupSetConfig Set, SetVerdict Verdict)> sets, DateTimeOffset now)
    {
        if (sets.Count == 0)
            return null;
        (RecoveryPoint Point, string Set)? Best(RecoveryScope scope) => sets
            .Where(s => s.Verdict.Recovery.Of(scope) is not null)
            .Select(s => (Point: s.Verdict.Recovery.Of(scope)!, Set: s.Set.Name))
            .OrderByDescending(p => p.Point.Time ?? DateTimeOffset.MinValue)
            .Cast<(RecoveryPoint, string)?>()
            .FirstOrDefault();
        var local = Best(RecoveryScope.Local);
        var offsite = Best(RecoveryScope.Offsite);
        var proven = Best(RecoveryScope.Proven);
        var text = new StringBuilder(name).Append(": ");
        Local(text, local!.Value.Point, sets[0].Set.TimeZone, now, local.Value.Set);
        Others(text, offsite?.Point, proven!.Value.Point, sets[0].Set.TimeZone, now);
        return new RecoveryReport
        {
            Summary = text.ToString(),
            Points = [.. new[] { local, offsite, proven }.Where(p => p is not null)
                .Select(p => RecoveryPointReport.From(p!.Value.Point, p.Value.Set))],
        };
    }

    private static void Local(StringBuilder text, RecoveryPoint local, TimeZoneInfo zone, DateTimeOffset now, string? set)
    {
        if (local.Time is { } t)
        {
            text.Append("restorable now to ").Append(At(t, zone, now)).Append(" (").Append(Ago(now - t)).Append(") from ");
            if (set is not null)
                text.Append(set).Append('/');
            text.Append(local.Artifact).Append(local.Extension switch
            {
                RecoveryExtension.ServerBinlogs => " + binlogs",
                RecoveryExtension.Archive => " + archived binlogs",
                RecoveryExtension.DrillReplay => " + the binlogs its drill replayed",
                _ => "",
            });
        }
        else
            text.Append("not restorable: ").Append(local.Note);
    }

    private static void Others(StringBuilder text, RecoveryPoint? offsite, RecoveryPoint proven, TimeZoneInfo zone, DateTimeOffset now)
    {
        if (offsite is not null)
            text.Append("; off-site ").Append(offsite.Time is { } o ? "to " + At(o, zone, now) : "none");
        text.Append("; proven ").Append(proven.Time is { } p ? "to " + At(p, zone, now) : "none");
    }

    private static string Restore(RestoreEstimate? estimate, bool drillPassed, DateTimeOffset now) => estimate is null
        ? drillPassed ? "restore time unknown (no prediction)" : "restore time unknown (no drill)"
        : $"in about {Duration(estimate.Duration)} ({Basis(estimate, now)})";

    public static string Basis(RestoreEstimate estimate, DateTimeOffset now) =>
        $"{estimate.Drills} drill{(estimate.Drills == 1 ? "" : "s")}, newest {Ago(now - estimate.NewestDrill)}";

    public static string ObjectivesWords(BackupSetConfig set) => string.Join(", ",
        new[] { set.Rpo is { } rpo ? $"RPO {Duration(rpo)}" : null, set.Rto is { } rto ? $"RTO {Duration(rto)}" : null }
            .Where(w => w is not null));

    private static string At(DateTimeOffset time, TimeZoneInfo zone, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(time, zone);
        return local.Date == TimeZoneInfo.ConvertTime(now, zone).Date
            ? local.ToString("HH:mm", CultureInfo.InvariantCulture)
            : local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }

    private static string Ago(TimeSpan age) => age < TimeSpan.FromMinutes(1) ? "just now" : Duration(age) + " ago";

    /// <summary>A span as people say it: 45 s, 14 min, 75 min, 26 h, 3.5 h, 3 days.</summary>
    public static string Duration(TimeSpan span)
    {
        var s = Math.Max(0, span.TotalSeconds);
        var hours = s / 3600;
        var (value, format) = s < 90 ? (s, "{0:0} s")
            : s < 3600 || (s < 2 * 3600 && Math.Abs(hours - Math.Round(hours)) >= 1.0 / 120) ? (s / 60, "{0:0} min")
            : s < 72 * 3600 ? (hours, "{0:0.#} h")
            : (s / 86400, "{0:0.#} days");
        return string.Format(CultureInfo.InvariantCulture, format, value);
    }
}
