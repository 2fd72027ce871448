
namespace BackupExporter.Inspection.BackupSets;

/// <summary>
/// An artifact with its verdict: every check, the set-level <c>size</c> among them, and the status they decide
/// (<see cref="ArtifactVerdicts"/>). The metrics, the status page, the API and <c>verify</c> show only these.
/// </summary>
internal sealed record JudgedArtifact(ArtifactObservation Observation, ArtifactStatus Status, IReadOnlyDictionary<string, CheckResult> Checks)
{
    public string Path => Observation.Path;

    public string Name => Observation.Name;

    public long SizeBytes => Observation.SizeBytes;

    public DateTimeOffset ModifiedTime => Observation.ModifiedTime;

    public ArtifactFacts? Facts => Observation.Facts;

    /// <summary>The first failed check, for one-line summaries.</summary>
    public KeyValuePair<string, CheckResult>? FirstFailure =>
        Checks.FirstOrDefault(c => !c.Value.Ok) is { Key: not null } failure ? failure : null;
}
