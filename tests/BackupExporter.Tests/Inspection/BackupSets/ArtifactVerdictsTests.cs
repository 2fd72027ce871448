using BackupExporter.Inspection.BackupSets;
using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Tests.Support;
using BackupExporter.Decoding;

namespace BackupExporter.Tests.Inspection.BackupSets;

public sealed class ArtifactVerdictsTests
{
    private static ArtifactObservation Artifact(string name, long size, bool inProgress = false, bool otherChecksOk = true) =>
        new(name, size, DateTimeOffset.UnixEpoch, inProgress,
            inProgress ? new Dictionary<string, CheckResult>()
                : new Dictionary<string, CheckResult> { [CheckNames.Complete] = new(otherChecksOk, otherChecksOk ? null : "cut off") },
            null, CompressionFormat.None);

    private static IReadOnlyList<JudgedArtifact> Judge(long minSizeBytes, double? maxShrink, params ArtifactObservation[] artifacts) =>
        ArtifactVerdicts.Judge(artifacts, TestSets.Mysqldump("/b", minSize: minSizeBytes, maxShrink: maxShrink));

    [Fact]
    public void Below_min_size_fails_size()
    {
        var judged = Judge(minSizeBytes: 1000, maxShrink: null, Artifact("a", 999));
        Assert.False(judged[0].Checks[CheckNames.Size].Ok);
        Assert.Equal(ArtifactStatus.Failed, judged[0].Status);
        Assert.Contains("below min_size", judged[0].Checks[CheckNames.Size].Detail);
    }

    [Fact]
    public void Exactly_min_size_passes()
    {
        var judged = Judge(1000, null, Artifact("a", 1000));
        Assert.Equal(ArtifactStatus.Ok, judged[0].Status);
    }

    [Fact]
    public void A_failed_check_of_its_own_fails_the_artifact()
    {
        var judged = Judge(0, null, Artifact("a", 1000, otherChecksOk: false));
        Assert.Equal(ArtifactStatus.Failed, judged[0].Status);
        Assert.Equal(CheckNames.Complete, judged[0].FirstFailure?.Key);
    }

    [Theory]
    [InlineData(1000, 499, false)]
    [InlineData(1000, 500, true)]
    [InlineData(1000, 2000, true)]
    public void Shrinking_more_than_max_shrink_from_the_previous_good_fails(long previous, long newest, bool ok)
    {
        var judged = Judge(0, 0.5, Artifact("a", previous), Artifact("b", newest));
        Assert.Equal(ok, judged[1].Checks[CheckNames.Size].Ok);
        Assert.Equal(ok ? ArtifactStatus.Ok : ArtifactStatus.Failed, judged[1].Status);
    }

    [Fact]
    public void The_reference_is_the_previous_good_artifact_not_a_failed_one()
    {
        var judged = Judge(0, 0.5, Artifact("good", 1000), Artifact("cut", 10, otherChecksOk: false), Artifact("new", 400));
        Assert.False(judged[2].Checks[CheckNames.Size].Ok);
        Assert.Contains("good", judged[2].Checks[CheckNames.Size].Detail);
    }

    [Fact]
    public void In_progress_artifacts_are_left_alone()
    {
        var judged = Judge(1000, null, Artifact("a", 1, inProgress: true));
        Assert.Equal(ArtifactStatus.InProgress, judged[0].Status);
        Assert.False(judged[0].Checks.ContainsKey(CheckNames.Size));
    }

    [Fact]
    public void An_empty_artifact_that_failed_complete_is_not_judged_for_size()
    {
        var judged = Judge(minSizeBytes: 100, maxShrink: 0.5, Artifact("good", 1000), Artifact("empty", 0, otherChecksOk: false));

        Assert.Equal(ArtifactStatus.Failed, judged[1].Status);
        Assert.False(judged[1].Checks.ContainsKey(CheckNames.Size));
    }

    [Fact]
    public void An_empty_artifact_that_passed_complete_is_still_judged_for_size()
    {
        var judged = Judge(minSizeBytes: 100, maxShrink: null, Artifact("zero", 0));

        Assert.False(judged[0].Checks[CheckNames.Size].Ok);
        Assert.Equal(ArtifactStatus.Failed, judged[0].Status);
    }

    [Fact]
    public void A_history_table_row_records_no_size_and_is_not_judged_for_it()
    {
        var set = TestSets.Mysqldump("/b", minSize: 100) with { Kind = BackupKind.Meb };

        var judged = ArtifactVerdicts.Judge([Artifact("row", 0)], set);

        Assert.Equal(ArtifactStatus.Ok, judged[0].Status);
        Assert.False(judged[0].Checks.ContainsKey(CheckNames.Size));
    }
}
