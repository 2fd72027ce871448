namespace BackupExporter.Reporting;

/// <summary>
/// A predicted restore time and its evidence: the drills it was fitted from (<see cref="Drills"/>, the newest at
/// <see cref="NewestDrill"/>). There is no estimate without a drill: a prediction is fitted, never guessed.
/// </summary>
internal sealed record RestoreEstimate(TimeSpan Duration, int Drills, DateTimeOffset NewestDrill);
