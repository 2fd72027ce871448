using BackupExporter.Configuration;
using BackupExporter.Decoding;
using BackupExporter.Inspection;
using BackupExporter.Inspection.BackupSets;
using BackupExporter.Reporting.Retention;

namespace BackupExporter.Tests.Reporting.Retention;

public sealed class ChangeRateTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    private static JudgedArtifact Dump(int day, long stored, long content, ArtifactStatus status = ArtifactStatus.Ok) =>
        new(new ArtifactObservation($"/b/shop-{day:00}.sql.gz", stored, Start.AddDays(day), false,
            new Dictionary<string, CheckResult> { [CheckNames.Complete] = CheckResult.Pass() }, null, CompressionFormat.Gzip)
        {
            UncompressedBytes = content,
        }, status);

    /// <summary>A database growing 2-4% a day that compresses about 5.5:1, give or take.</summary>
    private static List<JudgedArtifact> Growing(int days)
    {
        var list = new List<JudgedArtifact>();
        double content = 50_000_000;
        for (var day = 0; day < days; day++)
        {
            content *= 1.02 + (day % 3 * 0.01);
            var ratio = 5.5 + (day % 4 * 0.1) - 0.15;
            list.Add(Dump(day, (long)(content / ratio), (long)content));
        }
        return list;
    }

    [Fact]
    public void A_normally_growing_set_raises_nothing()
    {
        for (var days = 1; days <= 30; days++)
        {
            var report = ChangeRate.Evaluate(Growing(days))!;
            Assert.False(report.Unusual, $"after {days} days: {report}");
        }
    }

    [Fact]
    public void A_collapse_of_the_compression_ratio_is_unusual_and_so_is_a_jump_in_size()
    {
        var history = Growing(10);
        var last = history[^1].Observation;
        // The same amount of SQL, now random bytes: it hardly compresses, so the file is five times the size.
        history.Add(Dump(10, last.UncompressedBytes!.Value * 104 / 100, last.UncompressedBytes!.Value * 105 / 100));

        var report = ChangeRate.Evaluate(history)!;

        Assert.True(report.CompressionUnusual);
        Assert.True(report.SizeUnusual);
        Assert.InRange(report.CompressionRatio!.Value, 1.0, 1.05);
        Assert.InRange(report.CompressionRatioMedian!.Value, 5.3, 5.7);
        Assert.Equal(10, report.History);
    }

    [Fact]
    public void Too_short_a_history_judges_nothing_and_failed_artifacts_are_not_history()
    {
        var history = Growing(4);
        history.Add(Dump(4, 10_000_000, 10_000_000));
        Assert.False(ChangeRate.Evaluate(history)!.Unusual);

        var withFailures = Growing(8);
        withFailures.Add(Dump(8, 10, 1_000_000, ArtifactStatus.Failed));
        Assert.False(ChangeRate.Evaluate(withFailures)!.Unusual);
    }

    [Fact]
    public void A_spread_of_zero_does_not_make_the_first_small_change_unusual()
    {
        Assert.Equal((5.0, false), ChangeRate.Judge(5.4, [5, 5, 5, 5, 5]));
        Assert.Equal((5.0, true), ChangeRate.Judge(2.4, [5, 5, 5, 5, 5]));
        Assert.Equal((null, false), ChangeRate.Judge(1, [5, 5, 5, 5]));
    }

    [Fact]
    public void The_median_of_an_even_count_is_the_mean_of_the_middle_two()
    {
        Assert.Equal(2.5, ChangeRate.Median([4, 1, 3, 2]));
        Assert.Equal(3, ChangeRate.Median([5, 1, 3]));
    }
}
