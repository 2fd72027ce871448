using BackupExporter.Inspection;
using BackupExporter.Inspection.Artifacts;
using BackupExporter.Inspection.BackupSets;

namespace BackupExporter.Reporting.Retention;

/// <summary>
/// Says whether the newest good artifact changed unlike the set ever does: its compression ratio (random or encrypted
/// content does not compress: a 6:1 dump that turns 1:1 is trouble even when complete and matching its checksum) or its
/// size ratio to the one before it, each against the median and the median absolute deviation (MAD) of the set's own
/// last <see cref="History"/> good artifacts of its sort, not against a fixed threshold. A warning, never a failure.
/// </summary>
internal static class ChangeRate
{
    /// <summary>Earlier good artifacts the newest is held against.</summary>
    public const int History = 14;

    /// <summary>Fewer earlier ones than this judge nothing: a history needs a median and a spread.</summary>
    public const int MinHistory = 5;

    /// <summary>How many (scaled) deviations from the median are far outside: wide, so a normal series never gets there.</summary>
    public const double Deviations = 5;

    /// <summary>
    /// The least spread assumed, as a fraction of the median: a set whose dumps are all alike (MAD 0) must not warn
    /// at the first percent of change.
    /// </summary>
    public const double MinSpread = 0.1;

    /// <summary>MAD × this estimates the standard deviation of normally distributed values.</summary>
    private const double MadScale = 1.4826;

    public static ChangeRateReport? Evaluate(IReadOnlyList<JudgedArtifact> artifacts)
    {
        var good = artifacts.Where(a => a.Status == ArtifactStatus.Ok).Select(a => a.Observation).ToList();
        if (good.Count == 0)
            return null;
        var newest = good[^1];
        // Oldest first, of the newest's sort only: an incremental is held against incrementals, a full against fulls.
        var sort = good.Where(a => SizeCheck.SameSort(a, newest)).TakeLast(History + 2).ToList();
        var earlier = sort.Take(sort.Count - 1).ToList();

        var compressions = earlier.Select(a => a.CompressionRatio).OfType<double>().TakeLast(History).ToList();
        var compression = newest.CompressionRatio;
        var (compressionMedian, compressionUnusual) = Judge(compression, compressions);

        // Ratios of each to the one before it: growth is judged, not size, so a growing set stays in its history.
        var ratios = new List<double>();
        for (var i = 1; i < sort.Count; i++)
        {
            if (sort[i - 1].SizeBytes > 0)
                ratios.Add((double)sort[i].SizeBytes / sort[i - 1].SizeBytes);
        }
        double? sizeRatio = sort.Count >= 2 && ratios.Count > 0 && sort[^2].SizeBytes > 0 ? ratios[^1] : null;
        var earlierRatios = sizeRatio is null ? ratios : ratios.Take(ratios.Count - 1).TakeLast(History).ToList();
        var (sizeMedian, sizeUnusual) = Judge(sizeRatio, earlierRatios);

        return new ChangeRateReport
        {
            CompressionRatio = compression,
            CompressionRatioMedian = compressionMedian,
            CompressionUnusual = compressionUnusual,
            SizeRatio = sizeRatio,
            SizeRatioMedian = sizeMedian,
            SizeUnusual = sizeUnusual,
            History = earlier.Count,
        };
    }

    /// <returns>the history's median (null when too short), and whether the value lies far outside the history</returns>
    public static (double? Median, bool Unusual) Judge(double? value, IReadOnlyList<double> history)
    {
        if (history.Count < MinHistory)
            return (null, false);
        var median = Median(history);
        if (value is not { } v)
            return (median, false);
        var mad = Median(history.Select(h => Math.Abs(h - median)).ToList());
        var spread = Math.Max(MadScale * mad, MinSpread * Math.Abs(median));
        return (median, Math.Abs(v - median) > Deviations * spread);
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
