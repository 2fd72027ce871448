using System.Text.Json;
using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Drills;
using BackupExporter.Reporting;
using BackupExporter.Snapshots;
using BackupExporter.Tests.Support;
using BackupExporter.Web;
using BackupExporter.Decoding;

namespace BackupExporter.Tests.Reporting;

/// <summary>The newest drill in a set's verdict, in /api/v1/status and on the status page.</summary>
public sealed class DrillReportTests
{
    private static readonly DateTimeOffset Now = TestDrills.Start.AddDays(2);

    private static StatusReport Report(BackupSetConfig set, DrillObservation? drill)
    {
        string[] names = [InspectionNames.Backup(set.Name), InspectionNames.Drill(set.Name)];
        var config = TestSets.Config(set);
        var store = new SnapshotStore(config, names, Now);
        var good = new ArtifactObservation("/b/shop.sql", 100, Now.AddHours(-1), false,
            new Dictionary<string, CheckResult> { [CheckNames.Complete] = new(true, null) }, null, CompressionFormat.None);
        store.Publish(new InspectionStatus(names[0], true, null, Now, Now, TimeSpan.Zero), new BackupSetObservation(set.Name, Now, null,
            [good], null, null, Now.AddDays(-1)));
        if (drill is not null)
            store.Publish(new InspectionStatus(names[1], true, null, Now, Now, TimeSpan.Zero), drill);
        return StatusReporter.Report(store.Current, Now, "test");
    }

    private static DrillObservation Drills(string? problem = null, params DrillRecord[] drills) =>
        new("drill:nightly", "/state/drills/nightly.json", drills.Aggregate(DrillHistory.Empty, (h, d) => h.With(d)), problem);

    [Fact]
    public void A_successful_drill_within_the_rto_leaves_the_set_ok_and_is_reported_whole()
    {
        var set =
            Assert.Single(Report(TestSets.Mysqldump("/b").WithRestoreTest(TimeSpan.FromHours(1)), Drills(null, TestDrills.Ok())).Backups);
        Assert.Equal(Severity.Ok, set.Severity);
        Assert.Empty(set.Reasons);
        var newest = set.Drill!.Newest!;
        Assert.Equal("ok", newest.Verdict);
        Assert.Equal(["fetch", "restore", "verify", "total"], newest.PhaseSeconds.Keys);
        Assert.Equal(5, newest.Tables);
        Assert.Equal(1234, newest.Rows);
        Assert.Equal(3600, set.Drill.RtoSeconds);
        Assert.False(set.Drill.SlowerThanRto);
    }

    [Fact]
    public void A_failed_newest_drill_makes_the_set_critical_with_its_phase_artifact_and_error()
    {
        var failed = TestDrills.Failed(started: TestDrills.Start.AddDays(1));
        var set = Assert.Single(Report(TestSets.Mysqldump("/b").WithRestoreTest(), Drills(null, TestDrills.Ok(), failed)).Backups);
        Assert.Equal(Severity.Critical, set.Severity);
        var reason = Assert.Single(set.Reasons);
        Assert.Equal(Runbooks.RestoreTestFailed, reason.Runbook);
        Assert.Equal($"the newest restore drill failed in its restore phase at {failed.EndedAt:u}, restoring shop-2026-11-29.sql.gz: "
            + $"ERROR 1064 (42000) at line 3074: You have an error in your SQL syntax", reason.Text);
        Assert.Equal(["failed", "ok"], set.Drill!.Recent.Select(r => r.Verdict));
        Assert.Equal(TestDrills.Ok().EndedAt, set.Drill.LastSuccess);
    }

    [Fact]
    public void A_restore_slower_than_the_rto_is_a_warning_and_an_unsupported_drill_is_neither_ok_nor_failed()
    {
        var slow =
            Assert.Single(Report(TestSets.Mysqldump("/b").WithRestoreTest(TimeSpan.FromMinutes(5)), Drills(null, TestDrills.Ok())).Backups);
        Assert.Equal(Severity.Warning, slow.Severity);
        Assert.Equal(new Reason("the newest restore drill took 5m58s, longer than the rto of 5m", Runbooks.RestoreSlowerThanRto),
            Assert.Single(slow.Reasons));

        var unsupported = Assert.Single(Report(TestSets.Mysqldump("/b").WithRestoreTest(), Drills(null, TestDrills.Unsupported())).Backups);
        Assert.Equal(Severity.Warning, unsupported.Severity);
        Assert.Contains("mysqlsh is not installed", Assert.Single(unsupported.Reasons).Text);
        Assert.Equal("unsupported", unsupported.Drill!.Newest!.Verdict);
    }

    [Fact]
    public void An_unreadable_history_is_a_warning_naming_the_file()
    {
        var set = Assert.Single(Report(TestSets.Mysqldump("/b").WithRestoreTest(), Drills("cannot read drill history "
            + "/state/drills/nightly.json: permission denied")).Backups);
        Assert.Equal(Severity.Warning, set.Severity);
        Assert.Equal("cannot read drill history /state/drills/nightly.json: permission denied", Assert.Single(set.Reasons).Text);
    }

    [Fact]
    public void A_set_without_restore_test_or_drills_has_no_drill_section_and_one_with_restore_test_says_none_yet()
    {
        Assert.Null(Assert.Single(Report(TestSets.Mysqldump("/b"), Drills()).Backups).Drill);
        var configured = Report(TestSets.Mysqldump("/b").WithRestoreTest(), Drills());
        Assert.Null(configured.Backups[0].Drill!.Newest);
        Assert.Contains("restore drill: <span class=\"meta\">none yet</span>",
            StatusPage.Render(configured, "https://docs/runbooks.md", 0));
    }

    [Fact]
    public void The_json_status_carries_the_newest_drill_and_its_history()
    {
        var report = Report(TestSets.Mysqldump("/b").WithRestoreTest(TimeSpan.FromHours(1)), Drills(null, TestDrills.Failed(),
            TestDrills.Ok(started: TestDrills.Start.AddDays(1))));
        using var json = JsonDocument.Parse(ReportJson.Serialize(report));
        var drill = json.RootElement.GetProperty("backups")[0].GetProperty("drill");
        Assert.Equal("ok", drill.GetProperty("newest").GetProperty("verdict").GetString());
        Assert.Equal(357.5, drill.GetProperty("newest").GetProperty("phase_seconds").GetProperty("total").GetDouble());
        Assert.Equal(1234, drill.GetProperty("newest").GetProperty("rows").GetInt64());
        Assert.Equal(3600, drill.GetProperty("rto_seconds").GetDouble());
        Assert.Equal(["ok", "failed"], drill.GetProperty("recent").EnumerateArray().Select(o => o.GetProperty("verdict").GetString()));
    }

    [Fact]
    public void The_status_page_shows_the_newest_drill_its_phases_and_the_recent_outcomes()
    {
        var failed = TestDrills.Failed(started: TestDrills.Start.AddDays(1), error: "ERROR 1054 (42S22) at line 40: Unknown column "
            + "'<b>' in 'field list'");
        var html = StatusPage.Render(Report(TestSets.Mysqldump("/b").WithRestoreTest(TimeSpan.FromHours(1)),
            Drills(null, TestDrills.Ok(), failed)), "https://docs/runbooks.md", 0);
        Assert.Contains("<div class=\"drill\" id=\"drill-nightly\" data-verdict=\"failed\">restore drill: <span "
            + "class=\"failed\">FAILED</span>", html);
        Assert.Contains("took <span class=\"\">23s</span> of rto 1h", html);
        Assert.Contains("last successful drill", html);
        Assert.Contains("<li class=\"phase\" data-phase=\"restore\">restore: 20s <span class=\"failed\">failed here</span></li>", html);
        Assert.Contains("Unknown column &#39;&lt;b&gt;&#39;", html); // escaped, never markup
        Assert.Contains("<li data-verdict=\"failed\">failed", html);
        Assert.Contains("<li data-verdict=\"ok\">ok", html);
        Assert.Contains("https://docs/runbooks.md#mysqlbackuprestoretestfailed", html);
    }

    [Fact]
    public void Verify_prints_the_newest_drill_on_one_line_with_its_restore_time_against_the_rto()
    {
        var ok = DrillRunReport.From(TestDrills.Ok());
        Assert.Equal($"OK at {TestDrills.Ok().EndedAt:u}, took 5m58s (rto 1h), 5 tables, 1234 rows, shop-2026-11-29.sql.gz",
            DrillText.Line(ok, 3600));
        var failed = DrillRunReport.From(TestDrills.Failed(error: "ERROR 1064 at line 3074\u001b[31m"));
        Assert.Equal($"FAILED at {TestDrills.Failed().EndedAt:u}, took 23s, shop-2026-11-29.sql.gz: ERROR 1064 at line 3074\\x1b[31m",
            DrillText.Line(failed, null));
    }
}
