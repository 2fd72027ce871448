using BackupExporter.Configuration;
using BackupExporter.Decoding;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Artifacts;

namespace BackupExporter.Tests.Inspection.Artifacts;

public sealed class RecordedDatesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static ArtifactObservation Dump(string name, DateTimeOffset fileTime, string? completedAt, bool complete = true,
        DateTimeOffset? endedAt = null) =>
        new($"/backup/{name}", 1000, fileTime, false,
            CheckTable.Of(CheckNames.Complete, complete ? CheckResult.Pass() : CheckResult.Fail("cut off")),
            new ArtifactFacts(complete, completedAt, "MariaDB dump", null, null, null, null) { EndedAt = endedAt },
            CompressionFormat.None);

    [Fact]
    public void A_dump_is_dated_by_its_footer_not_by_its_file_time()
    {
        var stamped = RecordedDates.Stamp(Dump("a.sql", Now, "2026-11-25  2:21:05"), TimeZoneInfo.Utc);

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 2, 21, 5, TimeSpan.Zero), stamped.RecordedTime);
        Assert.Equal(stamped.RecordedTime, stamped.Time);
        Assert.Equal(TimeSources.Recorded, TimeSources.Of(stamped));
        Assert.Null(stamped.TimeProblem);
    }

    [Fact]
    public void The_end_time_a_reader_parsed_is_taken_as_it_is()
    {
        var ended = new DateTimeOffset(2026, 12, 6, 2, 0, 42, TimeSpan.FromHours(1));
        var stamped = RecordedDates.Stamp(Dump("full", Now, "2026-12-06 02:00:42", endedAt: ended), TimeZoneInfo.Utc);

        Assert.Equal(ended, stamped.RecordedTime);
    }

    [Fact]
    public void A_dump_without_a_date_keeps_its_file_time_without_a_problem()
    {
        var dump = Dump("a.sql", Now.AddHours(-3), null); // --skip-dump-date: "-- Dump completed"
        var stamped = RecordedDates.Stamp(dump, TimeZoneInfo.Utc);

        Assert.Same(dump, stamped);
        Assert.Equal(Now.AddHours(-3), stamped.Time);
        Assert.Equal(TimeSources.File, TimeSources.Of(stamped));
        Assert.Null(stamped.TimeProblem);
    }

    [Fact]
    public void A_record_that_is_not_a_date_is_said_and_the_file_time_used()
    {
        var stamped = RecordedDates.Stamp(Dump("a.sql", Now.AddHours(-3), "on the 5th of never"), TimeZoneInfo.Utc);

        Assert.Null(stamped.RecordedTime);
        Assert.Equal(Now.AddHours(-3), stamped.Time);
        Assert.Contains("\"on the 5th of never\" is not a date", stamped.TimeProblem);
        Assert.Contains("the file time 2026-12-07 09:00:00Z is used", stamped.TimeProblem);
    }

    [Fact]
    public void An_unfinished_artifact_is_not_dated_by_a_footer_it_cannot_be_trusted_with()
    {
        var dump = Dump("a.sql", Now, "2026-11-25 02:21:05", complete: false);

        Assert.Same(dump, RecordedDates.Stamp(dump, TimeZoneInfo.Utc));
    }

    [Fact]
    public void A_record_in_the_future_beyond_the_clock_skew_is_rejected_within_it_accepted()
    {
        var artifacts = new List<ArtifactObservation>
        {
            Dump("a.sql", Now.AddHours(-2), null) with { RecordedTime = Now + RecordedDates.ClockSkew - TimeSpan.FromSeconds(1) },
            Dump("b.sql", Now.AddHours(-1), null) with { RecordedTime = Now.AddDays(3) },
        };

        RecordedDates.Check(artifacts, Now);

        Assert.Equal(Now + RecordedDates.ClockSkew - TimeSpan.FromSeconds(1), artifacts[0].RecordedTime);
        Assert.Null(artifacts[1].RecordedTime);
        Assert.Equal(Now.AddHours(-1), artifacts[1].Time);
        Assert.Contains("lies in the future", artifacts[1].TimeProblem);
    }

    [Fact]
    public void A_record_that_predates_the_artifact_written_before_it_is_said_and_kept_as_the_older_time()
    {
        var artifacts = new List<ArtifactObservation>
        {
            Dump("monday.sql", Now.AddDays(-2), null) with { RecordedTime = Now.AddDays(-2) },
            Dump("tuesday.sql", Now.AddDays(-1), null) with { RecordedTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero) },
        };
        var monday = artifacts[0];

        RecordedDates.Check(artifacts, Now);

        Assert.Same(monday, artifacts[0]);
        // A touched old dump and a wrong clock look alike: the older time stands, so the set can only read older.
        Assert.Equal(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), artifacts[1].Time);
        Assert.Contains("2000-01-01 00:00:00Z predates monday.sql", artifacts[1].TimeProblem);
        Assert.Contains("the recorded time is kept", artifacts[1].TimeProblem);
    }

    [Fact]
    public void Files_written_within_moments_of_each_other_by_a_copy_are_not_compared()
    {
        // cp or git clone writes every file now, in any order: the records decide the order, none is rejected.
        var artifacts = new List<ArtifactObservation>
        {
            Dump("tuesday.sql", Now.AddSeconds(-2), null) with { RecordedTime = Now.AddDays(-1) },
            Dump("monday.sql", Now.AddSeconds(-1), null) with { RecordedTime = Now.AddDays(-2) },
        };
        var before = artifacts.ToList();

        RecordedDates.Check(artifacts, Now);

        Assert.Equal(before, artifacts);
        Assert.All(artifacts, a => Assert.Null(a.TimeProblem));
    }

    [Theory]
    [InlineData(59, false)]
    [InlineData(61, true)]
    [InlineData(-61, true)]
    public void Recorded_and_file_times_more_than_an_hour_apart_are_far_apart(int minutes, bool far)
    {
        var dump = Dump("a.sql", Now.AddMinutes(minutes), null) with { RecordedTime = Now };

        Assert.Equal(far, RecordedDates.FarApart(dump));
        Assert.False(RecordedDates.FarApart(Dump("b.sql", Now.AddDays(-9), null)));
    }
}
