namespace BackupExporter.Reporting;

/// <summary>
/// A set's restore time as fitted from its passed drills (<see cref="RestorePrediction"/>): <see cref="FixedSeconds"/>
/// that do not grow with the artifact (the drills' median server start), <see cref="SecondsPerByte"/> of the artifact
/// as stored, and <see cref="ReplaySecondsPerByte"/> of binary log replayed after it (null: no drill replayed binlogs).
/// <see cref="Drills"/> drills were used, the newest ended at <see cref="NewestDrill"/>.
/// </summary>
internal sealed record RestoreFit(double FixedSeconds, double SecondsPerByte, double? ReplaySecondsPerByte, int Drills,
    DateTimeOffset NewestDrill)
{
    /// <summary>The predicted restore time of an artifact of <paramref name="artifactBytes"/> and its binlogs.</summary>
    public RestoreEstimate Apply(long artifactBytes, long binlogBytes)
    {
        var restore = TimeSpan.FromSeconds(FixedSeconds + SecondsPerByte * Math.Max(0, artifactBytes));
        TimeSpan? replay = binlogBytes <= 0 ? TimeSpan.Zero
            : ReplaySecondsPerByte is { } rate ? TimeSpan.FromSeconds(rate * binlogBytes) : null;
        return new RestoreEstimate(restore + (replay ?? TimeSpan.Zero), Drills, NewestDrill)
        {
            Restore = restore,
            Replay = replay,
            Fit = this,
        };
    }
}
