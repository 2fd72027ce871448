using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Reporting;
using BackupExporter.Snapshots;
using BackupExporter.Tests.Support;
using BackupExporter.Decoding;

namespace BackupExporter.Tests.Reporting;

public sealed class StatusReporterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly InspectionStatus Succeeded = new("backup:nightly", true, null, Now, Now, TimeSpan.Zero);

    private static ArtifactObservation Artifact(string name, ArtifactStatus status, string? failedCheck = null,
        DateTimeOffset? modified = null) =>
        new("/b/" + name, 100, modified ?? Now.AddHours(-1), status == ArtifactStatus.InProgress,
            status == ArtifactStatus.InProgress ? new Dictionary<string, CheckResult>()
                : new Dictionary<string, CheckResult> { [failedCheck ?? CheckNames.Complete] = new(status == ArtifactStatus.Ok,
                    status == ArtifactStatus.Ok ? null : "broken") },
            null, CompressionFormat.None);

    private static BackupSetReport Judge(InspectionStatus? inspection, BackupSetObservation? o, string? schedule = null) =>
        StatusReporter.Judge(TestSets.Mysqldump("/b", schedule: schedule), o, inspection, Now);

    private static BackupSetObservation Observation(string? pathProblem = null, params ArtifactObservation[] artifacts) =>
        new("nightly", Now, pathProblem, artifacts, null, null, Now.AddDays(-3));

    [Fact]
    public void A_good_newest_artifact_on_time_is_ok()
    {
        // Hourly: the newest good artifact of 11:00 makes the next one due by 12:00 plus grace.
        var r = Judge(Succeeded, Observation(null, Artifact("a", ArtifactStatus.Ok)), "0 * * * *");
        Assert.Equal(Severity.Ok, r.Severity);
        Assert.Empty(r.Reasons);
        Assert.False(r.Overdue);
    }

    [Fact]
    public void A_failed_newest_artifact_is_critical_and_names_the_check()
    {
        var r = Judge(Succeeded, Observation(null, Artifact("a", ArtifactStatus.Ok),
            Artifact("b", ArtifactStatus.Failed, CheckNames.Checksum)));
        Assert.Equal(Severity.Critical, r.Severity);
        Assert.Equal(new Reason("newest artifact b failed checksum: broken", Runbooks.ChecksumMismatch), Assert.Single(r.Reasons));
    }

    [Fact]
    public void Overdue_is_critical()
    {
        // Daily at 02:00 with an hour's grace: after a good artifact two days old, one was due yesterday by 03:00.
        var r = Judge(Succeeded, Observation(null, Artifact("a", ArtifactStatus.Ok, modified: Now.AddDays(-2))), "0 2 * * *");
        Assert.Equal(Severity.Critical, r.Severity);
        Assert.True(r.Overdue);
        var reason = Assert.Single(r.Reasons);
        Assert.StartsWith("overdue", reason.Text);
        Assert.Equal(Runbooks.Overdue, reason.Runbook);
    }

    [Fact]
    public void A_missing_directory_or_no_artifact_is_critical()
    {
        var missing = Judge(Succeeded, Observation("directory /b does not exist"));
        Assert.Equal(Severity.Critical, missing.Severity);
        Assert.Equal(Runbooks.DirectoryUnreadable, Assert.Single(missing.Reasons).Runbook);
        Assert.Equal(Severity.Critical, Judge(Succeeded, Observation()).Severity);
    }

    [Fact]
    public void The_first_artifact_being_written_is_not_an_alarm()
    {
        var r = Judge(Succeeded, Observation(null, Artifact("a", ArtifactStatus.InProgress)));
        Assert.Equal(Severity.Ok, r.Severity);
    }

    [Fact]
    public void A_failed_inspection_with_an_older_result_warns_and_without_one_is_unknown()
    {
        var failed = Succeeded with { Success = false, Error = "timed out after 30s" };
        Assert.Equal(Severity.Warning, Judge(failed, Observation(null, Artifact("a", ArtifactStatus.Ok))).Severity);
        var unknown = Judge(failed, null);
        Assert.Equal(Severity.Unknown, unknown.Severity);
        Assert.Contains("timed out after 30s", unknown.Reasons[0].Text);
        Assert.Equal(Runbooks.InspectionFailing, unknown.Reasons[0].Runbook);
    }
}
