namespace BackupExporter.Reporting;

/// <summary>
/// What a set's restore drills say against it (part of <see cref="SetVerdicts.Decide"/>): a failed newest drill is
/// critical (the backup did not restore); an unsupported one, a restore slower than the rto and an unreadable history
/// are warnings. How long a set may go without a successful drill is a site threshold of the alert rules, not judged here.
/// </summary>
internal static class DrillJudgement
{
    public static void Judge(DrillReport? drill, Action<Severity, string, string> raise)
    {
        if (drill is null)
            return;
        var newest = drill.Newest;
        switch (newest?.Verdict)
        {
            case DrillVerdicts.Failed:
                raise(Severity.Critical, $"the newest restore drill "
                    + $"failed{(newest.FailedPhase is { } phase ? $" in its {phase} phase" : "")} at {newest.Ended:u}"
                    + $"{(newest.Artifact is { } artifact ? $", restoring {Path.GetFileName(artifact)}" : "")}: "
                        + $"{newest.Error ?? "no reason recorded"}", Runbooks.RestoreTestFailed);
                break;
            case DrillVerdicts.Unsupported:
                raise(Severity.Warning, $"the newest restore drill could not run on this host: {newest.Error ?? "unsupported"}",
                    Runbooks.RestoreTestStale);
                break;
        }
        if (drill.SlowerThanRto)
            raise(Severity.Warning, $"the newest restore drill took {DrillText.Format(newest!.TotalSeconds!.Value)}, longer than the rto "
                + $"of {DrillText.Format(drill.RtoSeconds!.Value)}",
                Runbooks.RestoreSlowerThanRto);
        if (drill.Problem is { } problem)
            raise(Severity.Warning, problem, Runbooks.RestoreTestStale);
    }
}
