using BackupExporter.Reporting;
using System.Text;
using BackupExporter.Configuration;
using BackupExporter.Inspection.Drills;
using BackupExporter.Metrics;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Metrics;

public sealed class DrillSeriesTests
{
    private static string Render(BackupSetConfig set, params DrillRecord[] drills)
    {
        var history = drills.Aggregate(DrillHistory.Empty, (h, d) => h.With(d));
        var parts = new BackupSetParts(set, null, null, null, null, []) { Drill = new DrillObservation("drill:" + set.Name,
            "/state/drills/x.json", history, null) };
        var group = BackupSetSeries.Render(SetVerdicts.Decide(parts, TestDrills.Start.AddDays(2)), parts.Sources);
        return group.Text;
    }

    private static double S(DateTimeOffset t) => t.ToUnixTimeMilliseconds() / 1000.0;

    private static double? V(string text, string series) => MetricsText.Value(text, series);

    [Fact]
    public void A_successful_drill_exports_its_verdict_times_phases_and_counts()
    {
        var drill = TestDrills.Ok();
        var text = Render(TestSets.Mysqldump("/b").WithRestoreTest(TimeSpan.FromHours(1)), drill);
        Assert.Equal(1, V(text, """mysql_backup_restore_test_ok{backup="nightly"}"""));
        Assert.Equal(S(drill.EndedAt), V(text, """mysql_backup_restore_test_last_run_timestamp_seconds{backup="nightly"}"""));
        Assert.Equal(S(drill.EndedAt), V(text, """mysql_backup_restore_test_last_success_timestamp_seconds{backup="nightly"}"""));
        Assert.Equal(12, V(text, """mysql_backup_restore_test_duration_seconds{backup="nightly",phase="fetch"}"""));
        Assert.Equal(300, V(text, """mysql_backup_restore_test_duration_seconds{backup="nightly",phase="restore"}"""));
        Assert.Equal(45.5, V(text, """mysql_backup_restore_test_duration_seconds{backup="nightly",phase="verify"}"""));
        Assert.Equal(357.5, V(text, """mysql_backup_restore_test_duration_seconds{backup="nightly",phase="total"}"""));
        Assert.Equal(S(drill.ArtifactTime!.Value), V(text, """mysql_backup_restore_test_artifact_timestamp_seconds{backup="nightly"}"""));
        Assert.Equal(5, V(text, """mysql_backup_restore_test_tables{backup="nightly"}"""));
        Assert.Equal(1234, V(text, """mysql_backup_restore_test_rows{backup="nightly"}"""));
        Assert.Equal(52_428_800, V(text, """mysql_backup_restore_test_restored_bytes{backup="nightly"}"""));
        Assert.Equal(3600, V(text, """mysql_backup_rto_seconds{backup="nightly"}"""));
    }

    [Fact]
    public void A_failed_drill_after_a_good_one_is_0_and_keeps_the_last_success()
    {
        var good = TestDrills.Ok();
        var failed = TestDrills.Failed(started: good.StartedAt.AddDays(1));
        var text = Render(TestSets.Mysqldump("/b").WithRestoreTest(), good, failed);
        Assert.Equal(0, V(text, """mysql_backup_restore_test_ok{backup="nightly"}"""));
        Assert.Equal(S(failed.EndedAt), V(text, """mysql_backup_restore_test_last_run_timestamp_seconds{backup="nightly"}"""));
        Assert.Equal(S(good.EndedAt), V(text, """mysql_backup_restore_test_last_success_timestamp_seconds{backup="nightly"}"""));
        // Phases it did not reach are absent, not 0; so are counts it never made.
        Assert.Null(V(text, """mysql_backup_restore_test_duration_seconds{backup="nightly",phase="verify"}"""));
        Assert.Equal(23, V(text, """mysql_backup_restore_test_duration_seconds{backup="nightly",phase="total"}"""));
        Assert.Null(V(text, """mysql_backup_restore_test_tables{backup="nightly"}"""));
        Assert.Null(V(text, """mysql_backup_rto_seconds{backup="nightly"}""")); // no rto configured
    }

    [Fact]
    public void An_unsupported_drill_is_neither_1_nor_0()
    {
        var text = Render(TestSets.Mysqldump("/b").WithRestoreTest(), TestDrills.Ok(),
            TestDrills.Unsupported(started: TestDrills.Start.AddDays(1)));
        Assert.Null(V(text, """mysql_backup_restore_test_ok{backup="nightly"}"""));
        Assert.Equal(S(TestDrills.Ok().EndedAt), V(text, """mysql_backup_restore_test_last_success_timestamp_seconds{backup="nightly"}"""));
        Assert.NotNull(V(text, """mysql_backup_restore_test_last_run_timestamp_seconds{backup="nightly"}"""));
    }

    [Fact]
    public void Before_the_first_drill_ok_is_absent_and_the_last_success_is_0_where_drills_are_configured()
    {
        var configured = Render(TestSets.Mysqldump("/b").WithRestoreTest(TimeSpan.FromMinutes(30)));
        Assert.Null(V(configured, """mysql_backup_restore_test_ok{backup="nightly"}"""));
        Assert.Equal(0, V(configured, """mysql_backup_restore_test_last_success_timestamp_seconds{backup="nightly"}"""));
        Assert.Equal(1800, V(configured, """mysql_backup_rto_seconds{backup="nightly"}"""));

        // Neither restore_test nor a drill: no drill series at all.
        Assert.DoesNotContain("restore_test", Render(TestSets.Mysqldump("/b")));
        // A drill run on demand, without restore_test, is exported.
        Assert.Equal(1, V(Render(TestSets.Mysqldump("/b"), TestDrills.Ok()), """mysql_backup_restore_test_ok{backup="nightly"}"""));
    }

    [Fact]
    public void The_age_of_the_last_success_is_computed_at_scrape_time()
    {
        var set = TestSets.Mysqldump("/b").WithRestoreTest();
        var drill = TestDrills.Ok();
        var parts = new BackupSetParts(set, null, null, null, null, [])
        {
            Drill = new DrillObservation("drill:nightly", "/x", DrillHistory.Empty.With(drill), null),
        };
        var group = BackupSetSeries.Render(SetVerdicts.Decide(parts, TestDrills.Start.AddDays(2)), parts.Sources);
        var (_, prefix, reference, kind) =
            Assert.Single(group.ClockSeries, c => Families.All[c.Family] == DrillFamilies.RestoreTestLastSuccessAge);
        Assert.Equal(ClockValue.SecondsSince, kind);
        Assert.Equal(drill.EndedAt.ToUnixTimeMilliseconds() / 1000.0, reference);
        Assert.Equal("mysql_backup_restore_test_last_success_age_seconds{backup=\"nightly\"} ", Encoding.UTF8.GetString(prefix));
    }
}
