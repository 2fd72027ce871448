using BackupExporter.Configuration;
using BackupExporter.Decoding;
using BackupExporter.Inspection;
using BackupExporter.Reporting;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Reporting;

/// <summary>What the retention promise, removals and change-rate signals add to a set's verdict: warnings, with their runbooks.</summary>
public sealed class RetentionJudgementTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 8, 12, 0, 0, TimeSpan.Zero);

    private static ArtifactObservation Dump(int daysAgo, long stored = 1000, long content = 6000) =>
        new($"/b/shop-{daysAgo}.sql.gz", stored, Now.AddDays(-daysAgo).AddHours(-9), false,
            new Dictionary<string, CheckResult> { [CheckNames.Complete] = CheckResult.Pass() }, null, CompressionFormat.Gzip)
        {
            UncompressedBytes = content,
        };

    private static SetVerdict Decide(BackupSetConfig set, IReadOnlyList<ArtifactObservation> artifacts,
        IReadOnlyList<SeenArtifact>? gone = null) =>
        SetVerdicts.Decide(new BackupSetParts(set, new BackupSetObservation(set.Name, Now, null, artifacts, null, null, Now.AddDays(-30))
        {
            Disappeared = gone ?? [],
        }, null, null, null, []), Now);

    [Fact]
    public void A_kept_promise_and_a_steady_history_add_nothing()
    {
        var set = TestSets.Mysqldump("/b") with { Retention = new RetentionConfig(3, 3) };

        var verdict = Decide(set, [.. Enumerable.Range(0, 8).Reverse().Select(d => Dump(d))]);

        Assert.Equal(Severity.Ok, verdict.Severity);
        Assert.True(verdict.Retention!.Holds);
        Assert.Equal(6, verdict.ChangeRate!.CompressionRatio);
        Assert.False(verdict.ChangeRate.Unusual);
    }

    [Fact]
    public void A_broken_promise_removals_and_a_collapsed_ratio_are_warnings_with_their_runbooks()
    {
        var set = TestSets.Mysqldump("/b") with { Retention = new RetentionConfig(0, 5) };
        var artifacts = Enumerable.Range(1, 7).Reverse().Where(d => d != 3).Select(d => Dump(d)).Append(Dump(0, 5000, 5100)).ToList();
        var gone = Enumerable.Range(0, 5).Select(i => new SeenArtifact($"/b/gone-{i}.sql.gz", 1000, Now.AddDays(-2).AddMinutes(i), true,
            Now.AddHours(-1)) { GoneAt = Now, OutOfOrder = true }).ToList();

        var verdict = Decide(set, artifacts, gone);

        Assert.Equal(Severity.Warning, verdict.Severity);
        Assert.Equal(5, verdict.RemovedTooEarly.Count);
        var removals = verdict.Reasons.Where(r => r.Runbook == Runbooks.RemovedTooEarly).Select(r => r.Text).ToList();
        Assert.Equal(4, removals.Count); // the newest three by name, then how many more
        Assert.StartsWith("gone-2.sql.gz (2026-12-06 12:02:00Z) was removed too early: last seen 2026-12-08 11:00:00Z", removals[0]);
        Assert.Equal("and 2 older artifacts removed too early (/api/v1/status lists them)", removals[3]);
        Assert.Equal("retention promise broken: 4 of 5 days restorable, first missing day 2026-12-05",
            Assert.Single(verdict.Reasons, r => r.Runbook == Runbooks.RetentionBroken).Text);
        Assert.StartsWith("shop-0.sql.gz compresses 1.02:1 where the set's last 6 compressed 6:1 (median)",
            Assert.Single(verdict.Reasons, r => r.Runbook == Runbooks.UnusualChange && r.Text.Contains("compresses")).Text);
    }
}
