using BackupExporter.Inspection.Drills;

namespace BackupExporter.Reporting;

/// <summary>
/// The restore time of a set's current newest artifact and its binlogs, fitted from the set's drill history.
/// </summary>
/// <remarks>
/// The evidence is the newest <see cref="DrillHistory.PassedLimit"/> passed drills that recorded their artifact's size
/// (a failed or unsupported drill restored nothing and says nothing about the time), of the newest one's kind. The
/// model is <c>a + b·artifact bytes + c·binlog bytes</c>:
/// <list type="bullet">
/// <item><c>a</c>, the fixed part: the median of the drills' measured server start (initialising and starting the
/// sandbox server), which does not grow with the artifact;</item>
/// <item><c>b</c>: the median over the drills of (total − replay − that drill's own server start) / artifact bytes
/// as stored, each drill weighted by its artifact's size: a bigger drill's rate holds less of what is fixed besides
/// the server start;</item>
/// <item><c>c</c>: the median of the replaying drills' replay seconds per binlog byte replayed; without such a drill,
/// binlogs to replay leave the replay part unknown (<see cref="RestoreEstimate.Replay"/> null).</item>
/// </list>
/// Why not a least-squares or Theil–Sen line through the drills' totals when their sizes differ: measured on real
/// drills of one table's dumps (1.7 to 27 MB gzip, on a loaded 2-core host), the server start was 6.4 to 8.7 s
/// whatever the size, while the load grew from 2 to 23 s; a line through the totals took that start's scatter for
/// slope and predicted the next doubling 32% short, while the measured start plus the median rate stayed within 8%
/// (docs/configuration.md, "Predicted restore time"). Medians: one drill slowed by a busy host moves neither part. The rate measured on
/// small dumps errs high (what is fixed besides the server start counts as per byte), the safe side for an RTO.
/// </remarks>
internal static class RestorePrediction
{
    /// <param name="history">the set's drills, any order (a set's <see cref="DrillHistory.Passed"/>); only passed drills are
    /// evidence</param>
    /// <param name="artifactBytes">the size as stored of the artifact a restore would start from now</param>
    /// <param name="binlogBytes">the binary log bytes a restore to the recovery point would replay after it</param>
    /// <returns>null when there is no evidence: no passed drill that recorded its artifact's size</returns>
    public static RestoreEstimate? Predict(IReadOnlyList<DrillRecord> history, long artifactBytes, long binlogBytes) =>
        Fit(history)?.Apply(artifactBytes, binlogBytes);

    /// <returns>the fitted model, or null without evidence</returns>
    public static RestoreFit? Fit(IReadOnlyList<DrillRecord> history)
    {
        var passed = history
            .Where(d => d is { Verdict: DrillVerdict.Ok, ArtifactBytes: > 0, TotalSeconds: > 0 })
            .OrderByDescending(d => d.EndedAt)
            .ToList();
        if (passed.Count == 0)
            return null;
        // A set whose kind changed (a dump set turned physical) restores differently: only the newest kind's drills.
        var evidence = passed.Where(d => d.Kind == passed[0].Kind).Take(DrillHistory.PassedLimit).ToList();
        var start = Median(evidence.Where(d => d.ServerStartSeconds is >= 0).Select(d => d.ServerStartSeconds!.Value)) ?? 0;
        var rate = Median(evidence.Select(d =>
            (Math.Max(0, d.TotalSeconds!.Value - (d.BinlogSeconds ?? 0) - (d.ServerStartSeconds ?? start)) / d.ArtifactBytes!.Value,
                (double)d.ArtifactBytes!.Value)))!.Value;
        var replay = Median(evidence.Where(d => d is { BinlogBytes: > 0, BinlogSeconds: >= 0 })
            .Select(d => d.BinlogSeconds!.Value / d.BinlogBytes));
        return new RestoreFit(start, rate, replay, evidence.Count, evidence[0].EndedAt);
    }

    private static double? Median(IEnumerable<double> values) => Median(values.Select(v => (v, 1.0)));

    /// <summary>The weighted median: the value at half the total weight (between two values when a half ends on one).</summary>
    private static double? Median(IEnumerable<(double Value, double Weight)> values)
    {
        var sorted = values.OrderBy(v => v.Value).ToList();
        if (sorted.Count == 0)
            return null;
        var half = sorted.Sum(v => v.Weight) / 2;
        var cumulative = 0.0;
        for (var i = 0; i < sorted.Count; i++)
        {
            cumulative += sorted[i].Weight;
            if (Math.Abs(cumulative - half) <= half * 1e-12) // exactly half, but for rounding
                return i + 1 < sorted.Count ? (sorted[i].Value + sorted[i + 1].Value) / 2 : sorted[i].Value;
            if (cumulative > half)
                return sorted[i].Value;
        }
        return sorted[^1].Value;
    }
}
