namespace BackupExporter.Inspection;

/// <summary>A result of an inspection, stored in the snapshot under the inspection's name.</summary>
internal interface IObservation;

/// <summary>
/// One unit of background work: a backup set or (later) a server. Knows nothing of HTTP or Prometheus.
/// An instance lives as long as its configuration is unchanged, so it may keep caches between runs.
/// </summary>
internal interface IInspection
{
    /// <summary>Unique, stable, used as the <c>inspection</c> label, e.g. <c>backup:nightly</c>.</summary>
    string Name { get; }

    TimeSpan Interval { get; }

    TimeSpan Timeout { get; }

    /// <summary>Runs one round. Throws on failure; the scheduler keeps the previous observation.</summary>
    Task<IObservation> RunAsync(CancellationToken cancellationToken);

    /// <summary>
    /// What a run that did not finish within <see cref="Timeout"/> means, replacing the previous observation; null
    /// (the default) keeps the previous one, right for artifacts, wrong for liveness.
    /// </summary>
    IObservation? TimedOut(string reason, DateTimeOffset at) => null;
}
