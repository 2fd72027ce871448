namespace BackupExporter.Inspection.Artifacts;

/// <summary>
/// The <c>size</c> check, which needs the artifact's neighbours: at least <c>min_size</c>, and not smaller than the
/// previous good artifact by more than <c>max_shrink</c>. Also settles each finished artifact's status. An empty
/// artifact has failed <c>complete</c> for it already: its size is not judged (see EmptyArtifact).
/// </summary>
internal static class SizeJudgement
{
    /// <param name="artifacts">oldest first; incrementals are judged against the previous good incremental</param>
    public static IReadOnlyList<ArtifactObservation> Apply(IReadOnlyList<ArtifactObservation> artifacts, long minSizeBytes, double? maxShrink)
    {
        var judged = new List<ArtifactObservation>(artifacts.Count);
        var previousGoodBySort = new Dictionary<bool, ArtifactObservation>();
        foreach (var artifact in artifacts)
        {
            if (artifact.Status == ArtifactStatus.InProgress || EmptyArtifact.IsJudgedEmpty(artifact))
            {
                judged.Add(artifact);
                continue;
            }

            var checks = new Dictionary<string, CheckResult>(artifact.Checks)
            {
                [CheckNames.Size] = Judge(artifact.SizeBytes, minSizeBytes, maxShrink, previousGoodBySort.GetValueOrDefault(Sort(artifact))),
            };
            var status = checks.Values.All(c => c.Ok) ? ArtifactStatus.Ok : ArtifactStatus.Failed;
            var result = artifact with { Checks = checks, Status = status };
            judged.Add(result);
            if (status == ArtifactStatus.Ok)
                previousGoodBySort[Sort(artifact)] = result;
        }
        return judged;
    }

    /// <summary>Incrementals are a fraction of a full backup by design: each sort is compared only with its own.</summary>
    public static bool SameSort(ArtifactObservation a, ArtifactObservation b) => Sort(a) == Sort(b);

    private static bool Sort(ArtifactObservation artifact) => artifact.Facts?.Incremental == true;

    private static CheckResult Judge(long size, long minSizeBytes, double? maxShrink, ArtifactObservation? previousGood)
    {
        if (size < minSizeBytes)
            return CheckResult.Fail($"{size} bytes is below min_size {minSizeBytes} bytes");
        if (maxShrink is { } shrink && previousGood is { SizeBytes: > 0 } previous)
        {
            var floor = previous.SizeBytes * (1 - shrink);
            if (size < floor)
            {
                var shrankBy = 1 - (double)size / previous.SizeBytes;
                return CheckResult.Fail(
                    $"{size} bytes is {shrankBy:P0} smaller than the previous good artifact {previous.Name} ({previous.SizeBytes} bytes); max_shrink is {shrink:P0}");
            }
        }
        return CheckResult.Pass();
    }
}
