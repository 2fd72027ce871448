namespace BackupExporter.Inspection.Drills;

/// <summary>
/// The failed record of a drill whose process ended before it recorded a result: written by the exporter for a
/// scheduled child that died, and by the next drill for a hand-run one that left its sandbox behind.
/// </summary>
internal static class InterruptedDrill
{
    public const string Reason = "interrupted: the drill process ended without a result";

    /// <param name="phases">the seconds each phase took before the interruption, as far as they are known</param>
    public static DrillRecord Record(string backup, string kind, string reason, string phase, string? artifact,
        DateTimeOffset? artifactTime, DateTimeOffset started, DateTimeOffset ended, IReadOnlyDictionary<string, double> phases) =>
        new(backup, kind, DrillVerdict.Failed, reason, phase, artifact, artifactTime, started, ended,
            DrillPhases.All.ToDictionary(p => p, p => phases.GetValueOrDefault(p)), 0, [], []);

    /// <summary>Whether <paramref name="history"/> already holds an outcome that ended after the drill started.</summary>
    public static bool AlreadyRecorded(DrillHistory history, DateTimeOffset started) =>
        history.Recent.Any(o => o.EndedAt >= started);
}
