using BackupExporter.Configuration;

namespace BackupExporter.Inspection.BackupSets;

/// <summary>
/// An artifact with its verdict: every check, the set-level <c>size</c> among them, and the status they decide
/// (<see cref="ArtifactVerdicts"/>). The metrics, the status page, the API and <c>verify</c> show only these. The
/// <c>size</c> check is kept beside the observation's checks rather than in a copy of them: judging a set
/// allocates one small object per artifact.
/// </summary>
internal sealed record JudgedArtifact(ArtifactObservation Observation, ArtifactStatus Status, CheckResult? Size = null)
{
    /// <summary>The observation's checks, then <c>size</c> when it was judged.</summary>
    public IReadOnlyDictionary<string, CheckResult> Checks =>
        Size is null ? Observation.Checks : CheckTable.From(Observation.Checks).With(CheckNames.Size, Size);

    public string Path => Observation.Path;

    public string Name => Observation.Name;

    public long SizeBytes => Observation.SizeBytes;

    public DateTimeOffset ModifiedTime => Observation.ModifiedTime;

    /// <summary>The artifact's time for every figure: the tool's record, else the file time.</summary>
    public DateTimeOffset Time => Observation.Time;

    public ArtifactFacts? Facts => Observation.Facts;

    /// <summary>The first failed check, for one-line summaries.</summary>
    public KeyValuePair<string, CheckResult>? FirstFailure =>
        Observation.FirstFailure ?? (Size is { Ok: false } size ? new KeyValuePair<string, CheckResult>(CheckNames.Size, size) : null);
}
