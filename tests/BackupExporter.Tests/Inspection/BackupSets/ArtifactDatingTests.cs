using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Artifacts;
using BackupExporter.Inspection.BackupSets;
using BackupExporter.Reporting;
using BackupExporter.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace BackupExporter.Tests.Inspection.BackupSets;

/// <summary>A set's artifacts are dated by their tool's record, whatever happened to their files since.</summary>
[Subject(typeof(ArtifactSetInspector))]
public sealed class ArtifactDatingTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    private DateTimeOffset Ago(TimeSpan span) => _clock.GetUtcNow() - span;

    private SetVerdict Inspect(BackupSetConfig set)
    {
        var inspector = (ArtifactSetInspector)BackupSetInspections.Create(set, null, _clock, _ => { });
        return SetVerdicts.Decide(new BackupSetParts(set, inspector.Inspect(CancellationToken.None), null, null, null, []),
            _clock.GetUtcNow());
    }

    [Fact]
    public void A_touched_week_old_dump_keeps_its_age_and_the_set_is_overdue_with_a_warning_naming_both_times()
    {
        var recorded = Ago(TimeSpan.FromDays(7));
        DumpText.Write(_dir.File("shop.sql.gz"), DumpText.Complete(), gzip: true, modified: Ago(TimeSpan.FromMinutes(5)),
            completedOn: recorded);

        var v = Inspect(TestSets.Mysqldump(_dir.Path, schedule: "0 2 * * *", grace: TimeSpan.FromHours(2)));

        Assert.Equal(recorded, v.LastSuccess!.Time);
        Assert.Equal(TimeSources.Recorded, v.TimeSource);
        Assert.True(v.Overdue);
        Assert.Equal(Severity.Critical, v.Severity);
        var warning = Assert.Single(v.Reasons, r => r.Runbook == Runbooks.ArtifactDates);
        Assert.Equal($"shop.sql.gz was recorded finished at {recorded:u} but its file time is "
            + $"{Ago(TimeSpan.FromMinutes(5)):u}: its files were copied, restored or touched; its age counts from the recorded time",
            warning.Text);
    }

    [Fact]
    public void An_old_dump_touched_among_newer_ones_does_not_make_the_set_read_fresh()
    {
        // The pipeline stopped two days ago; a cleanup script then touched last week's dump.
        DumpText.Write(_dir.File("week-old.sql"), DumpText.Complete(), modified: Ago(TimeSpan.FromMinutes(5)),
            completedOn: Ago(TimeSpan.FromDays(7)));
        DumpText.Write(_dir.File("two-days.sql"), DumpText.Complete(), modified: Ago(TimeSpan.FromDays(2)),
            completedOn: Ago(TimeSpan.FromDays(2)));

        var v = Inspect(TestSets.Mysqldump(_dir.Path, schedule: "0 2 * * *", grace: TimeSpan.FromHours(2)));

        Assert.Equal("two-days.sql", v.LastSuccess!.Name);
        Assert.Equal(Ago(TimeSpan.FromDays(2)), v.LastSuccess.Time);
        Assert.True(v.Overdue);
        var touched = Assert.Single(v.Artifacts, a => a.Name == "week-old.sql").Observation;
        Assert.Equal(Ago(TimeSpan.FromDays(7)), touched.Time);
        Assert.Contains("predates two-days.sql", touched.TimeProblem);
    }

    [Fact]
    public void The_newest_artifact_is_the_newest_by_record_not_the_last_copied()
    {
        // Copied in the wrong order: tuesday's dump got the older file time.
        DumpText.Write(_dir.File("tuesday.sql"), DumpText.Complete(), modified: Ago(TimeSpan.FromSeconds(20)),
            completedOn: Ago(TimeSpan.FromDays(1)));
        DumpText.Write(_dir.File("monday.sql"), DumpText.Complete(), modified: Ago(TimeSpan.FromSeconds(10)),
            completedOn: Ago(TimeSpan.FromDays(2)));

        var v = Inspect(TestSets.Mysqldump(_dir.Path));

        Assert.Equal(["monday.sql", "tuesday.sql"], v.Artifacts.Select(a => a.Name));
        Assert.Equal("tuesday.sql", v.LastSuccess!.Name);
        Assert.Equal(Ago(TimeSpan.FromDays(2)), v.Observation!.Artifacts[0].Time);
        Assert.DoesNotContain(v.Artifacts, a => a.Observation.TimeProblem is not null);
    }

    [Fact]
    public void A_dump_without_a_date_is_dated_by_its_file_and_the_set_says_so()
    {
        var text = DumpText.Complete().Replace("-- Dump completed on 2026-11-24 23:55:18", "-- Dump completed", StringComparison.Ordinal);
        DumpText.Write(_dir.File("a.sql"), text, modified: Ago(TimeSpan.FromHours(3)));

        var v = Inspect(TestSets.Mysqldump(_dir.Path));

        Assert.Equal(ArtifactStatus.Ok, v.LastSuccess!.Status);
        Assert.Equal(Ago(TimeSpan.FromHours(3)), v.LastSuccess.Time);
        Assert.Equal(TimeSources.File, v.TimeSource);
        Assert.Equal(Severity.Ok, v.Severity);
        Assert.Equal("file", StatusReporter.Render(v, _clock.GetUtcNow()).TimeSource);
    }

    [Fact]
    public void A_future_footer_falls_back_to_the_file_time_with_a_warning_and_never_stops_the_set()
    {
        DumpText.Write(_dir.File("a.sql"), DumpText.Complete(), modified: Ago(TimeSpan.FromHours(30)));
        DumpText.Write(_dir.File("b.sql"), DumpText.Complete(), modified: Ago(TimeSpan.FromHours(6)),
            completedOn: _clock.GetUtcNow().AddYears(1));

        var v = Inspect(TestSets.Mysqldump(_dir.Path));

        Assert.Equal(["a.sql", "b.sql"], v.Artifacts.Select(a => a.Name));
        Assert.All(v.Artifacts, a => Assert.Equal(ArtifactStatus.Ok, a.Status));
        Assert.Equal(Ago(TimeSpan.FromHours(6)), v.LastSuccess!.Time);
        Assert.Equal(TimeSources.File, v.TimeSource);
        Assert.Equal(Severity.Warning, v.Severity);
        var reason = Assert.Single(v.Reasons);
        Assert.Equal(Runbooks.ArtifactDates, reason.Runbook);
        Assert.StartsWith("artifact b.sql: its recorded finish time 2027-12-07 12:00:00Z lies in the future (now 2026-12-07 12:00:00Z); "
            + "the file time 2026-12-07 06:00:00Z is used", reason.Text);
        Assert.Contains("lies in the future", StatusReporter.Render(v, _clock.GetUtcNow()).LastSuccess!.TimeProblem);
    }

    [Fact]
    public void A_set_dated_in_another_zone_reads_its_footers_there()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        // The footer says 13:00 Berlin time, which is 12:00 UTC: written just now.
        var text = DumpText.Complete().Replace("-- Dump completed on 2026-11-24 23:55:18", "-- Dump completed on 2026-12-07 13:00:00",
            StringComparison.Ordinal);
        DumpText.Write(_dir.File("a.sql"), text, modified: _clock.GetUtcNow());

        var v = Inspect(TestSets.Mysqldump(_dir.Path, zone: berlin));

        Assert.Equal(_clock.GetUtcNow(), v.LastSuccess!.Time);
        Assert.Empty(v.Reasons);
    }
}
