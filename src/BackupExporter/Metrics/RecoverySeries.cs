using BackupExporter.Configuration;
using BackupExporter.Reporting;
using static BackupExporter.Metrics.MetricHelp;
using static BackupExporter.Metrics.MetricLabels;
using static BackupExporter.Metrics.RecoveryFamilies;

namespace BackupExporter.Metrics;

/// <summary>
/// The series of a set's recovery: its recovery point per scope, its rpo and its predicted restore time, from the
/// verdict's <see cref="SetRecovery"/>. Rendered with the round's series: a point that reaches the server's current binlog
/// is the time the server was last observed, which moves every round while the decision itself does not.
/// </summary>
internal static class RecoverySeries
{
    /// <param name="liveAt">when the set's server was last observed: the time of a point that reaches its current binlog</param>
    public static void Render(SeriesGroup g, BackupSetConfig set, SetRecovery recovery, DateTimeOffset? liveAt)
    {
        var backup = Backup.Of(set.Name);
        foreach (var point in recovery.Points)
        {
            var time = point.Live && liveAt is { } at ? at : point.Time;
            g.Sample(RecoveryFamilies.RecoveryPoint, Seconds(time), backup, Scope.Of(RecoveryScopes.Word(point.Scope)));
        }
        if (set.Rpo is { } rpo)
            g.Sample(Rpo, rpo.TotalSeconds, backup);
        if (recovery.Restore is { } estimate)
            g.Sample(RestorePredicted, estimate.Duration.TotalSeconds, backup);
        g.Sample(RestorePredictionDrills, recovery.Restore?.Drills ?? 0, backup);
    }
}
