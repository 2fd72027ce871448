namespace BackupExporter.Reporting.Retention;

/// <summary>
/// The newest good artifact against the set's own history (<see cref="ChangeRate"/>): its size ratio to the good one
/// before it and its compression ratio, each with the median of the history it is held against, and whether it lies
/// far outside it. Null figures: not known (an uncompressed artifact has no compression ratio; too short a history
/// judges nothing).
/// </summary>
/// <remarks>The properties' order is the order of the keys in JSON.</remarks>
internal sealed record ChangeRateReport
{
    public double? CompressionRatio { get; init; }

    public double? CompressionRatioMedian { get; init; }

    public bool CompressionUnusual { get; init; }

    public double? SizeRatio { get; init; }

    public double? SizeRatioMedian { get; init; }

    public bool SizeUnusual { get; init; }

    /// <summary>How many earlier good artifacts the newest was held against.</summary>
    public int History { get; init; }

    public bool Unusual => CompressionUnusual || SizeUnusual;
}
