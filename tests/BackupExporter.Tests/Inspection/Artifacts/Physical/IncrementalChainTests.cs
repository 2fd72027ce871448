using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Artifacts.Physical;
using BackupExporter.Decoding;

namespace BackupExporter.Tests.Inspection.Artifacts.Physical;

public sealed class IncrementalChainTests
{
    private static int _clock;

    private static ArtifactObservation Backup(string name, string type, long from, long to, bool complete = true) => new(
        "/backup/" + name, 1000, DateTimeOffset.UnixEpoch.AddHours(++_clock), false,
        new Dictionary<string, CheckResult> { [CheckNames.Complete] = complete ? CheckResult.Pass() : CheckResult.Fail("cut off") },
        new ArtifactFacts(complete, null, "mariabackup", null, null, null, null) { BackupType = type, FromLsn = from, ToLsn = to },
        CompressionFormat.None);

    private static Dictionary<string, CheckResult> Chains(params ArtifactObservation[] artifacts) =>
        IncrementalChain.Apply(artifacts).ToDictionary(a => a.Name, a => a.Checks[CheckNames.Chain]);

    [Fact]
    public void Each_incremental_continues_the_one_before_back_to_a_full_backup()
    {
        var chains = Chains(Backup("full", "full-backuped", 0, 100), Backup("inc1", "incremental", 100, 200),
            Backup("inc2", "incremental", 200, 300));
        Assert.All(chains.Values, c => Assert.True(c.Ok, c.Detail));
        Assert.Equal("continues inc1 at LSN 200, back to the full backup full", chains["inc2"].Detail);
    }

    [Fact]
    public void A_gap_fails_the_incremental_and_everything_after_it()
    {
        var chains = Chains(Backup("full", "full-backuped", 0, 100), Backup("inc1", "incremental", 150, 200),
            Backup("inc2", "incremental", 200, 300));
        Assert.False(chains["inc1"].Ok);
        Assert.Contains("no retained backup ends at LSN 150", chains["inc1"].Detail);
        Assert.Equal("its base inc1 is not restorable: " + chains["inc1"].Detail, chains["inc2"].Detail);
    }

    [Fact]
    public void A_base_that_did_not_finish_breaks_the_chain()
    {
        var chains = Chains(Backup("full", "full-backuped", 0, 100, complete: false), Backup("inc1", "incremental", 100, 200));
        Assert.Equal("its base full failed complete: cut off", chains["inc1"].Detail);
    }

    [Fact]
    public void Incrementals_cannot_be_applied_to_a_full_prepared_backup_but_can_to_a_log_applied_one()
    {
        Assert.Contains("is full-prepared", Chains(Backup("prepared", "full-prepared", 0, 100),
            Backup("inc1", "incremental", 100, 200))["inc1"].Detail);
        Assert.True(Chains(Backup("applied", "log-applied", 0, 100), Backup("inc1", "incremental", 100, 200))["inc1"].Ok);
        // With both a full backup and its prepared copy retained, the full one is the base.
        Assert.True(Chains(Backup("full", "full-backuped", 0, 100), Backup("prepared", "full-prepared", 0, 100),
            Backup("inc1", "incremental", 100, 200))["inc1"].Ok);
    }
}
