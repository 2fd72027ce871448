
namespace BackupExporter.Inspection;

/// <summary>Free and total bytes of the filesystem that holds a backup set.</summary>
internal sealed record VolumeObservation(long FreeBytes, long TotalBytes);

/// <summary>
/// Everything one inspection of a backup set found, before any verdict that needs more than one artifact.
/// <see cref="Artifacts"/> is ordered oldest first. <see cref="PathProblem"/> is set when the set's directory is
/// missing or cannot be listed. <see cref="WatchingSince"/> is when the inspection began: the reference of the
/// schedule while the set has never had a good artifact.
/// </summary>
internal sealed record BackupSetObservation(
    string Name,
    DateTimeOffset ObservedAt,
    string? PathProblem,
    IReadOnlyList<ArtifactObservation> Artifacts,
    VolumeObservation? Volume,
    string? VolumeProblem,
    DateTimeOffset WatchingSince) : IObservation
{
    /// <summary>Good artifacts that were retained and are gone while newer ones exist (Retention/DisappearanceTracker).</summary>
    public IReadOnlyList<SeenArtifact> Disappeared { get; init; } = [];
}
