using BackupExporter.Configuration;
using BackupExporter.Inspection.Drills;

namespace BackupExporter.Reporting;

/// <summary>
/// Adds a set's restore drills to its report, and what they say against it: a failed newest drill is critical (the
/// backup did not restore); an unsupported one, a restore slower than the rto and an unreadable history are warnings.
/// How long a set may go without a successful drill is a site threshold of the alert rules, not judged here.
/// </summary>
internal static class DrillJudgement
{
    public static BackupSetReport With(BackupSetReport report, BackupSetConfig set, DrillObservation? o)
    {
        if (DrillReport.From(set, o) is not { } drill)
            return report;
        var severity = report.Severity;
        var reasons = report.Reasons.ToList();
        void Raise(Severity s, string text, string runbook)
        {
            reasons.Add(new Reason(text, runbook));
            if (s > severity)
                severity = s;
        }

        var newest = drill.Newest;
        switch (newest?.Verdict)
        {
            case DrillVerdicts.Failed:
                Raise(Severity.Critical, $"the newest restore drill failed{(newest.FailedPhase is { } phase ? $" in its {phase} phase" : "")} at {newest.Ended:u}"
                    + $"{(newest.Artifact is { } artifact ? $", restoring {Path.GetFileName(artifact)}" : "")}: {newest.Error ?? "no reason recorded"}", Runbooks.RestoreTestFailed);
                break;
            case DrillVerdicts.Unsupported:
                Raise(Severity.Warning, $"the newest restore drill could not run on this host: {newest.Error ?? "unsupported"}", Runbooks.RestoreTestStale);
                break;
        }
        if (drill.SlowerThanRto)
            Raise(Severity.Warning, $"the newest restore drill took {Seconds(newest!.TotalSeconds!.Value)}, longer than the rto of {Seconds(drill.RtoSeconds!.Value)}",
                Runbooks.RestoreSlowerThanRto);
        if (drill.Problem is { } problem)
            Raise(Severity.Warning, problem, Runbooks.RestoreTestStale);
        return report with { Drill = drill, Severity = severity, Reasons = reasons };
    }

    private static string Seconds(double seconds) => DrillText.Format(seconds);
}
