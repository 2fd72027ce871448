using BackupExporter.Configuration;
using BackupExporter.Inspection.Artifacts;

namespace BackupExporter.Inspection.BackupSets;

/// <summary>
/// Decides each artifact's status from its checks, oldest first: one still being written is <c>in_progress</c>; a
/// finished one gets its <c>size</c> check against the previous good artifact of its sort, and is <c>ok</c> when every
/// check passed, else <c>failed</c>. An empty artifact has failed <c>complete</c> already: its size is not judged
/// (see EmptyArtifact), nor is the size of a history-table row (the table records none).
/// </summary>
internal static class ArtifactVerdicts
{
    /// <param name="artifacts">oldest first, as the inspection lists them</param>
    public static IReadOnlyList<JudgedArtifact> Judge(IReadOnlyList<ArtifactObservation> artifacts, BackupSetConfig set)
    {
        var judged = new JudgedArtifact[artifacts.Count];
        var judgeSize = set.Kind.Applies(CheckNames.Size);
        ArtifactObservation? previousFull = null, previousIncremental = null;
        for (var i = 0; i < artifacts.Count; i++)
        {
            var artifact = artifacts[i];
            if (artifact.InProgress)
            {
                judged[i] = new JudgedArtifact(artifact, ArtifactStatus.InProgress);
                continue;
            }
            var incremental = SizeCheck.IsIncremental(artifact);
            var size = judgeSize && !EmptyArtifact.IsJudgedEmpty(artifact)
                ? SizeCheck.Judge(artifact.SizeBytes, set.MinSizeBytes, set.MaxShrink, incremental ? previousIncremental : previousFull)
                : null;
            var status = size is not { Ok: false } && artifact.FirstFailure is null ? ArtifactStatus.Ok : ArtifactStatus.Failed;
            judged[i] = new JudgedArtifact(artifact, status, size);
            if (status != ArtifactStatus.Ok)
                continue;
            if (incremental)
                previousIncremental = artifact;
            else
                previousFull = artifact;
        }
        return judged;
    }
}
