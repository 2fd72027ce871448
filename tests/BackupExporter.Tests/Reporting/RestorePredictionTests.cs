using BackupExporter.Inspection.Drills;
using BackupExporter.Reporting;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Reporting;

public sealed class RestorePredictionTests
{
    private const long MiB = 1 << 20;

    /// <summary>A passed drill of <paramref name="bytes"/> in <paramref name="total"/> s, <paramref name="start"/> s of them the
    /// server start.</summary>
    private static DrillRecord Drill(int day, long bytes, double total, double start = 5, long binlogBytes = 0,
        double? binlogSeconds = null) =>
        TestDrills.Ok(started: TestDrills.Start.AddDays(day), fetch: 0, restore: total, verify: 0) with
        {
            ArtifactBytes = bytes,
            ServerStartSeconds = start,
            BinlogBytes = binlogBytes,
            BinlogSeconds = binlogSeconds,
        };

    private static double Seconds(IReadOnlyList<DrillRecord> history, long bytes, long binlogBytes = 0) =>
        RestorePrediction.Predict(history, bytes, binlogBytes)!.Duration.TotalSeconds;

    [Fact]
    public void Without_a_passed_drill_that_recorded_its_size_there_is_no_estimate()
    {
        Assert.Null(RestorePrediction.Predict([], 10 * MiB, 0));
        Assert.Null(RestorePrediction.Predict([TestDrills.Failed() with { ArtifactBytes = MiB }, TestDrills.Unsupported()], 10 * MiB, 0));
        // A drill recorded before the sizes were: passed, but no evidence of a rate.
        Assert.Null(RestorePrediction.Predict([TestDrills.Ok()], 10 * MiB, 0));
    }

    [Fact]
    public void The_server_start_is_fixed_and_the_rest_is_a_rate_per_byte_of_the_artifact()
    {
        // 5 s start, then 2 s per MiB: 10 MiB in 25 s, 20 MiB in 45 s.
        List<DrillRecord> history = [Drill(1, 10 * MiB, 25), Drill(2, 20 * MiB, 45)];

        var estimate = RestorePrediction.Predict(history, 40 * MiB, 0)!;

        Assert.Equal(85, estimate.Duration.TotalSeconds, 6);
        Assert.Equal(85, estimate.Restore.TotalSeconds, 6);
        Assert.Equal(TimeSpan.Zero, estimate.Replay);
        Assert.Equal(2, estimate.Drills);
        Assert.Equal(history[1].EndedAt, estimate.NewestDrill);
        Assert.Equal(5, estimate.Fit!.FixedSeconds, 6);
    }

    [Fact]
    public void One_drill_is_enough_evidence()
    {
        Assert.Equal(45, Seconds([Drill(1, 10 * MiB, 25)], 20 * MiB), 6);
    }

    [Fact]
    public void Failed_and_unsupported_drills_are_ignored()
    {
        List<DrillRecord> passed = [Drill(1, 10 * MiB, 25), Drill(3, 10 * MiB, 25)];
        var failed = TestDrills.Failed(started: TestDrills.Start.AddDays(2)) with { ArtifactBytes = 10 * MiB, ServerStartSeconds = 60 };

        var unsupported = TestDrills.Unsupported() with { ArtifactBytes = MiB };
        Assert.Equal(Seconds(passed, 30 * MiB), Seconds([.. passed, failed, unsupported], 30 * MiB));
        Assert.Equal(2, RestorePrediction.Predict([.. passed, failed], MiB, 0)!.Drills);
    }

    [Fact]
    public void One_drill_slowed_by_a_busy_host_moves_neither_part()
    {
        List<DrillRecord> steady =
            [Drill(1, 10 * MiB, 25), Drill(2, 10 * MiB, 25.5, 5.5), Drill(3, 11 * MiB, 27), Drill(4, 10 * MiB, 24.5, 4.5)];
        var slowed = Drill(5, 10 * MiB, 120, 30); // three times the rate, six times the start

        var without = Seconds(steady, 40 * MiB);
        var with = Seconds([.. steady, slowed], 40 * MiB);

        Assert.InRange(with, 85, 86);
        Assert.InRange(with / without, 0.99, 1.01);
    }

    [Fact]
    public void A_bigger_drill_weighs_more_in_the_rate()
    {
        // Two small drills at 3 s/MiB after the start (the fixed rest counted per byte), one four times bigger at 2 s/MiB.
        List<DrillRecord> history = [Drill(1, 10 * MiB, 35), Drill(2, 10 * MiB, 35), Drill(3, 40 * MiB, 85)];
        Assert.Equal(5 + 2 * 80, Seconds(history, 80 * MiB), 6);
    }

    [Fact]
    public void Binlog_replay_is_fitted_per_binlog_byte_from_the_drills_that_replayed()
    {
        // The artifact's part: 5 s + 2 s/MiB. Replays of 4 and 8 MiB took 2 and 4 s: 0.5 s/MiB.
        List<DrillRecord> history = [Drill(1, 10 * MiB, 27, binlogBytes: 4 * MiB, binlogSeconds: 2), Drill(2, 10 * MiB, 29,
            binlogBytes: 8 * MiB, binlogSeconds: 4), Drill(3, 10 * MiB, 25)];

        var estimate = RestorePrediction.Predict(history, 20 * MiB, 30 * MiB)!;

        Assert.Equal(45, estimate.Restore.TotalSeconds, 6);
        Assert.Equal(15, estimate.Replay!.Value.TotalSeconds, 6);
        Assert.Equal(60, estimate.Duration.TotalSeconds, 6);
    }

    [Fact]
    public void Binlogs_to_replay_without_a_drill_that_replayed_leave_that_part_unknown()
    {
        var estimate = RestorePrediction.Predict([Drill(1, 10 * MiB, 25)], 10 * MiB, 30 * MiB)!;

        Assert.Null(estimate.Replay);
        Assert.Equal(25, estimate.Duration.TotalSeconds, 6); // the artifact's restore alone, and said so by Replay
    }

    [Fact]
    public void Only_the_newest_kind_and_the_newest_passed_drills_count()
    {
        // Older physical drills restored at another rate; then twelve dump drills, the oldest two slow.
        List<DrillRecord> history = [.. Enumerable.Range(1, 3).Select(d => Drill(d, 10 * MiB, 500) with { Kind = "mariabackup" }),
            Drill(4, 10 * MiB, 200), Drill(5, 10 * MiB, 200),
            .. Enumerable.Range(6, 10).Select(d => Drill(d, 10 * MiB, 25))];

        var estimate = RestorePrediction.Predict(history, 10 * MiB, 0)!;

        Assert.Equal(DrillHistory.PassedLimit, estimate.Drills);
        Assert.Equal(25, estimate.Duration.TotalSeconds, 6);
    }

    [Fact]
    public void Drills_without_a_measured_server_start_count_the_median_start_of_the_others()
    {
        List<DrillRecord> history = [Drill(1, 10 * MiB, 25), Drill(2, 10 * MiB, 25) with { ServerStartSeconds = null }];
        Assert.Equal(45, Seconds(history, 20 * MiB), 6);
        Assert.Equal(50, Seconds([history[1]], 20 * MiB), 6); // none measured: all of it per byte, the safe side
    }
}
