using BackupExporter.Configuration;

namespace BackupExporter.Reporting;

/// <summary>
/// Holds a set's recovery against its objectives: each of the <c>local</c> and <c>offsite</c> recovery points against the
/// <c>rpo</c>, the predicted restore time against the <c>rto</c>, and whether any drill stands behind them. The
/// <c>proven</c> scope is evidence, not a promise: it is shown, and its absence is the "unproven" reason.
/// </summary>
internal static class Objectives
{
    /// <summary>The scopes an <c>rpo</c> is held against.</summary>
    public static readonly IReadOnlyList<RecoveryScope> RpoScopes = [RecoveryScope.Local, RecoveryScope.Offsite];

    /// <summary>The scopes whose recovery point is older than the set's <c>rpo</c> at <paramref name="now"/> (none without one).</summary>
    public static IReadOnlyList<RecoveryScope> RpoBreached(BackupSetConfig set, SetRecovery recovery, DateTimeOffset now) =>
        set.Rpo is not { } rpo ? []
            : RpoScopes.Where(s => recovery.Of(s) is { } point && (point.Time is not { } t || now - t > rpo)).ToList();

    /// <summary>True when the predicted restore time exceeds the <c>rto</c>; null when either is unknown.</summary>
    public static bool? RtoBreached(BackupSetConfig set, SetRecovery recovery) =>
        set.Rto is { } rto && recovery.Restore is { } estimate ? estimate.Duration > rto : null;

    /// <summary>An objective is set, and no restore drill has ever passed: nothing shows the set restores at all.</summary>
    public static bool Unproven(BackupSetConfig set, bool drillPassed) => (set.Rpo is not null || set.Rto is not null) && !drillPassed;

    public static void Judge(SetVerdict v, DateTimeOffset now, Action<Severity, string, string> raise)
    {
        var (set, recovery) = (v.Set, v.Recovery);
        foreach (var scope in RpoBreached(set, recovery, now))
        {
            var point = recovery.Of(scope)!;
            var word = RecoveryScopes.Word(scope);
            raise(Severity.Critical, point.Time is { } t
                ? $"RPO {RecoveryText.Duration(set.Rpo!.Value)} breached ({word}): the newest {word} recovery point is "
                    + $"{RecoveryText.Duration(now - t)} old ({t:u}, from {point.Artifact})"
                : $"RPO {RecoveryText.Duration(set.Rpo!.Value)} breached ({word}): there is no {word} recovery point ({point.Note})",
                Runbooks.RpoBreached);
        }
        if (RtoBreached(set, recovery) == true)
            raise(Severity.Critical, $"RTO {RecoveryText.Duration(set.Rto!.Value)} breached: a restore is predicted to take about "
                + $"{RecoveryText.Duration(recovery.Restore!.Duration)} ({RecoveryText.Basis(recovery.Restore, now)})",
                Runbooks.RtoBreached);
        if (Unproven(set, v.DrillObservation?.History.LastSuccess is not null))
            raise(Severity.Warning, "no restore drill has passed: nothing proves the objectives "
                + $"({RecoveryText.ObjectivesWords(set)}) can be met; configure restore_test or run `backup-exporter drill`",
                Runbooks.ObjectiveUnproven);
    }
}
