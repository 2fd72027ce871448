namespace BackupExporter.Reporting;

/// <summary>
/// A predicted restore time and its evidence: the drills it was fitted from (<see cref="Drills"/>, the newest at
/// <see cref="NewestDrill"/>). There is no estimate without a drill: a prediction is fitted, never guessed.
/// </summary>
internal sealed record RestoreEstimate(TimeSpan Duration, int Drills, DateTimeOffset NewestDrill)
{
    /// <summary>The artifact's part: fetch, load or prepare, server start and checks.</summary>
    public TimeSpan Restore { get; init; }

    /// <summary>
    /// The binlog replay's part; zero without binlogs to replay; null when there are binlogs but no drill ever replayed
    /// any: that part is unknown, and <see cref="Duration"/> is the artifact's restore alone.
    /// </summary>
    public TimeSpan? Replay { get; init; }

    /// <summary>The fitted line the estimate comes from.</summary>
    public RestoreFit? Fit { get; init; }
}
