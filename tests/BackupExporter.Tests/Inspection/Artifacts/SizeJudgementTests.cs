using BackupExporter.Inspection;
using BackupExporter.Inspection.Artifacts;

namespace BackupExporter.Tests.Inspection.Artifacts;

public sealed class SizeJudgementTests
{
    private static ArtifactObservation Artifact(string name, long size, ArtifactStatus status = ArtifactStatus.Failed, bool otherChecksOk = true) =>
        new(name, size, DateTimeOffset.UnixEpoch, status,
            new Dictionary<string, CheckResult> { [CheckNames.Complete] = new(otherChecksOk, null) }, null, CompressionFormat.None);

    [Fact]
    public void Below_min_size_fails_size()
    {
        var judged = SizeJudgement.Apply([Artifact("a", 999)], minSizeBytes: 1000, maxShrink: null);
        Assert.False(judged[0].Checks[CheckNames.Size].Ok);
        Assert.Equal(ArtifactStatus.Failed, judged[0].Status);
        Assert.Contains("below min_size", judged[0].Checks[CheckNames.Size].Detail);
    }

    [Fact]
    public void Exactly_min_size_passes()
    {
        var judged = SizeJudgement.Apply([Artifact("a", 1000)], 1000, null);
        Assert.Equal(ArtifactStatus.Ok, judged[0].Status);
    }

    [Theory]
    [InlineData(1000, 499, false)]
    [InlineData(1000, 500, true)]
    [InlineData(1000, 2000, true)]
    public void Shrinking_more_than_max_shrink_from_the_previous_good_fails(long previous, long newest, bool ok)
    {
        var judged = SizeJudgement.Apply([Artifact("a", previous), Artifact("b", newest)], 0, 0.5);
        Assert.Equal(ok, judged[1].Checks[CheckNames.Size].Ok);
    }

    [Fact]
    public void The_reference_is_the_previous_good_artifact_not_a_failed_one()
    {
        var judged = SizeJudgement.Apply([Artifact("good", 1000), Artifact("cut", 10, otherChecksOk: false), Artifact("new", 400)], 0, 0.5);
        Assert.False(judged[2].Checks[CheckNames.Size].Ok);
        Assert.Contains("good", judged[2].Checks[CheckNames.Size].Detail);
    }

    [Fact]
    public void In_progress_artifacts_are_left_alone()
    {
        var judged = SizeJudgement.Apply([Artifact("a", 1, ArtifactStatus.InProgress)], 1000, null);
        Assert.Equal(ArtifactStatus.InProgress, judged[0].Status);
        Assert.False(judged[0].Checks.ContainsKey(CheckNames.Size));
    }

    [Fact]
    public void An_empty_artifact_that_failed_complete_is_not_judged_for_size()
    {
        var judged = SizeJudgement.Apply([Artifact("good", 1000), Artifact("empty", 0, otherChecksOk: false)], minSizeBytes: 100, maxShrink: 0.5);

        Assert.Equal(ArtifactStatus.Failed, judged[1].Status);
        Assert.False(judged[1].Checks.ContainsKey(CheckNames.Size));
    }

    [Fact]
    public void An_empty_artifact_that_passed_complete_is_still_judged_for_size()
    {
        // A kind whose completeness does not depend on the bytes (a history row) keeps its size verdict.
        var judged = SizeJudgement.Apply([Artifact("row", 0)], minSizeBytes: 100, maxShrink: null);

        Assert.False(judged[0].Checks[CheckNames.Size].Ok);
    }
}
