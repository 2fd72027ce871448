using BackupExporter.Configuration;
using BackupExporter.Inspection.Drills;
using static BackupExporter.Metrics.DrillFamilies;
using static BackupExporter.Metrics.MetricHelp;
using static BackupExporter.Metrics.MetricLabels;

namespace BackupExporter.Metrics;

/// <summary>
/// The series a backup set gets from its restore drills. A set is drilled when it has <c>restore_test</c> or a drill
/// history (a drill run on demand); otherwise it has none of these series.
/// </summary>
internal static class DrillSeries
{
    public static void Render(SeriesGroup g, BackupSetConfig set, DrillObservation? drill)
    {
        var backup = Backup.Of(set.Name);
        if (set.Rto is { } rto)
            g.Sample(Rto, rto.TotalSeconds, backup);
        var history = drill?.History ?? DrillHistory.Empty;
        if (set.RestoreTest is null && history.Newest is null)
            return;

        var lastSuccess = Seconds(history.LastSuccess?.EndedAt);
        g.Sample(RestoreTestLastSuccess, lastSuccess, backup);
        g.Clock(RestoreTestLastSuccessAge, ClockValue.SecondsSince, lastSuccess, backup);
        if (history.Newest is not { } newest)
            return;

        // An unsupported drill proved nothing and found nothing wrong: neither 1 nor 0.
        if (newest.Verdict != DrillVerdict.Unsupported)
            g.Sample(RestoreTestOk, newest.Verdict == DrillVerdict.Ok ? 1 : 0, backup);
        g.Sample(RestoreTestLastRun, Seconds(newest.EndedAt), backup);
        foreach (var phase in DrillPhases.All)
            if (newest.PhaseSeconds.TryGetValue(phase, out var seconds))
                g.Sample(RestoreTestDuration, seconds, backup, Phase.Of(phase));
        if (newest.ArtifactTime is { } artifact)
            g.Sample(RestoreTestArtifact, Seconds(artifact), backup);
        if (newest.Schemas.Count > 0)
        {
            g.Sample(RestoreTestTables, newest.Tables, backup);
            g.Sample(RestoreTestRows, newest.Rows, backup);
        }
        if (newest.RestoredBytes > 0)
            g.Sample(RestoreTestRestoredBytes, newest.RestoredBytes, backup);
    }
}
