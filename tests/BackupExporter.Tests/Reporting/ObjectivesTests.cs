using BackupExporter.Inspection.Drills;
using BackupExporter.Reporting;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Reporting;

/// <summary>The recovery held against the set's rpo and rto, and the evidence behind them.</summary>
public sealed class ObjectivesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 45, 0, TimeSpan.Zero);

    private static RecoveryPoint At(RecoveryScope scope, DateTimeOffset? time) =>
        new() { Scope = scope, Time = time, Artifact = "shop.sql.gz", Note = time is null ? "none" : null };

    private static SetRecovery Recovery(DateTimeOffset? local, DateTimeOffset? offsite, RestoreEstimate? restore = null) =>
        new(At(RecoveryScope.Local, local), offsite is null ? null : At(RecoveryScope.Offsite, offsite),
            At(RecoveryScope.Proven, null), restore);

    [Fact]
    public void The_rpo_is_held_against_local_and_offsite_and_names_the_scope_that_fails()
    {
        var set = TestSets.Mysqldump("/b") with { Rpo = TimeSpan.FromHours(26) };

        Assert.Empty(Objectives.RpoBreached(set, Recovery(Now.AddHours(-1), Now.AddHours(-25)), Now));
        Assert.Equal([RecoveryScope.Offsite], Objectives.RpoBreached(set, Recovery(Now.AddHours(-1), Now.AddHours(-27)), Now));
        Assert.Equal([RecoveryScope.Local], Objectives.RpoBreached(set, Recovery(null, null), Now));
        Assert.Empty(Objectives.RpoBreached(set with { Rpo = null }, Recovery(null, null), Now));
    }

    [Fact]
    public void The_rto_is_held_against_the_prediction_and_is_unknown_without_one()
    {
        var set = TestSets.Mysqldump("/b") with { Rto = TimeSpan.FromHours(1) };
        var fast = new RestoreEstimate(TimeSpan.FromMinutes(14), 3, Now.AddDays(-2));
        var slow = fast with { Duration = TimeSpan.FromMinutes(75) };

        Assert.False(Objectives.RtoBreached(set, Recovery(Now, null, fast)));
        Assert.True(Objectives.RtoBreached(set, Recovery(Now, null, slow)));
        Assert.Null(Objectives.RtoBreached(set, Recovery(Now, null)));
    }

    [Fact]
    public void A_set_with_an_objective_and_no_passed_drill_is_unproven_and_says_so_in_its_line()
    {
        var set = TestSets.Mysqldump("/b") with { Rpo = TimeSpan.FromHours(26), Rto = TimeSpan.FromHours(1) };
        var verdict = new SetVerdict { Set = set, Severity = Severity.Ok, Recovery = Recovery(Now.AddMinutes(-3), null) };

        var line = RecoveryText.Set(set, verdict, Now).Summary;

        Assert.True(Objectives.Unproven(set, drillPassed: false));
        Assert.False(Objectives.Unproven(set, drillPassed: true));
        Assert.False(Objectives.Unproven(set with { Rpo = null, Rto = null }, drillPassed: false));
        Assert.Equal("nightly: restorable now to 10:42 (3 min ago) from shop.sql.gz, restore time unknown (no drill); proven none; "
            + "RPO 26 h met, RTO 1 h unproven", line);
    }

    [Fact]
    public void The_line_gives_the_prediction_with_its_basis_and_the_breached_objectives()
    {
        var set = TestSets.Mysqldump("/b") with { Rpo = TimeSpan.FromHours(26), Rto = TimeSpan.FromHours(1) };
        var recovery = Recovery(Now.AddHours(-30), Now.AddHours(-30), new RestoreEstimate(TimeSpan.FromMinutes(75), 3, Now.AddDays(-2)));
        var drill = new DrillObservation("nightly", "/s", DrillHistory.Empty.With(TestDrills.Ok()), null);
        var verdict = new SetVerdict { Set = set, Severity = Severity.Ok, Recovery = recovery, DrillObservation = drill };

        var report = RecoveryText.Set(set, verdict, Now);

        Assert.Equal("nightly: restorable now to 2026-12-06 04:45 (30 h ago) from shop.sql.gz, in about 75 min (3 drills, newest "
            + "48 h ago); off-site to 2026-12-06 04:45; proven none; RPO 26 h breached (local, offsite), RTO 1 h breached", report.Summary);
        Assert.Equal(["local", "offsite"], report.RpoBreached);
        Assert.False(report.RtoMet);
        Assert.Equal(4500, report.RestoreSeconds);
    }
}
