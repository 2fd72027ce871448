namespace BackupExporter.Inspection;

/// <summary>Free and total bytes of the filesystem that holds a backup set.</summary>
internal sealed record VolumeObservation(long FreeBytes, long TotalBytes);

/// <summary>
/// Everything one inspection of a backup set found. <see cref="Artifacts"/> is ordered oldest first.
/// <see cref="PathProblem"/> is set when the set's directory is missing or cannot be listed.
/// <see cref="NextExpected"/> is the schedule's deadline for the next success (null without a schedule).
/// </summary>
internal sealed record BackupSetObservation(
    string Name,
    DateTimeOffset ObservedAt,
    string? PathProblem,
    IReadOnlyList<ArtifactObservation> Artifacts,
    VolumeObservation? Volume,
    string? VolumeProblem,
    DateTimeOffset? NextExpected) : IObservation
{
    /// <summary>The newest artifact that is finished (ok or failed): the one whose checks are exported.</summary>
    public ArtifactObservation? NewestFinished => Artifacts.LastOrDefault(a => a.Status != ArtifactStatus.InProgress);

    public ArtifactObservation? LastSuccess => Artifacts.LastOrDefault(a => a.Status == ArtifactStatus.Ok);

    /// <summary>
    /// The good artifact of the same sort before <see cref="LastSuccess"/>, for the size ratio: an incremental is
    /// compared with the incremental before it, a full backup with the full one before it.
    /// </summary>
    public ArtifactObservation? PreviousSuccess => LastSuccess is { } last
        ? Artifacts.Where(a => a.Status == ArtifactStatus.Ok && a != last && (a.Facts?.Incremental == true) == (last.Facts?.Incremental == true)).LastOrDefault()
        : null;

    public ArtifactObservation? LastFailure => Artifacts.LastOrDefault(a => a.Status == ArtifactStatus.Failed);

    public bool Running => Artifacts.Any(a => a.Status == ArtifactStatus.InProgress);

    public int Count(ArtifactStatus status) => Artifacts.Count(a => a.Status == status);

    public long RetainedBytes => Artifacts.Sum(a => a.SizeBytes);
}
