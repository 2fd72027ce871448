using BackupExporter.Inspection.Drills;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Inspection.Drills;

public sealed class DrillHistoryTests
{
    [Fact]
    public void Keeps_the_newest_passed_drills_newest_first_without_their_counts_and_checks()
    {
        var history = Enumerable.Range(0, DrillHistory.PassedLimit + 2)
            .Select(d => TestDrills.Ok(started: TestDrills.Start.AddDays(d)) with { ArtifactBytes = 1000 + d })
            .Append(TestDrills.Failed(started: TestDrills.Start.AddDays(30)))
            .Aggregate(DrillHistory.Empty, (h, d) => h.With(d));

        Assert.Equal(Enumerable.Range(2, DrillHistory.PassedLimit).Reverse().Select(d => (long?)(1000 + d)),
            history.Passed.Select(d => d.ArtifactBytes));
        Assert.All(history.Passed, d => Assert.Equal((0, 0), (d.Schemas.Count, d.Checks.Count)));
        Assert.Equal(2, history.LastSuccess!.Schemas.Count);
    }

    [Fact]
    public void The_fit_evidence_survives_the_file_and_a_history_written_before_it_still_reads()
    {
        var drill = TestDrills.Ok() with { ArtifactBytes = 5_000_000, ServerStartSeconds = 4.5, BinlogBytes = 1200, BinlogSeconds = 0.25,
            PredictedSeconds = 300 };
        var read = DrillHistory.Parse(DrillHistory.Empty.With(drill).ToJson())!;
        var passed = Assert.Single(read.Passed);
        Assert.Equal((5_000_000L, 4.5, 1200L, 0.25, 300.0), (passed.ArtifactBytes!.Value, passed.ServerStartSeconds!.Value,
            passed.BinlogBytes, passed.BinlogSeconds!.Value, passed.PredictedSeconds!.Value));

        // A version 1 file from before: no "passed", no sizes. It reads, with no evidence.
        var old = DrillHistory.Parse(DrillHistory.Empty.With(TestDrills.Ok()).ToJson().Replace("\"passed\"", "\"ignored\"",
            StringComparison.Ordinal))!;
        Assert.Empty(old.Passed);
        Assert.Null(old.Newest!.ArtifactBytes);
        Assert.Null(old.Newest.ServerStartSeconds);
        Assert.Equal(0, old.Newest.BinlogBytes);
    }
}
