namespace BackupExporter.Inspection.Artifacts;

/// <summary>
/// The <c>size</c> check, which needs the artifact's neighbours: at least <c>min_size</c>, and not smaller than the
/// previous good artifact of the same sort by more than <c>max_shrink</c>. Which artifact is good is the set's
/// verdict (Reporting/ArtifactVerdicts), which asks this check for each finished artifact in turn.
/// </summary>
internal static class SizeCheck
{
    /// <summary>Incrementals are a fraction of a full backup by design: each sort is compared only with its own.</summary>
    public static bool SameSort(ArtifactObservation a, ArtifactObservation b) => IsIncremental(a) == IsIncremental(b);

    public static bool IsIncremental(ArtifactObservation artifact) => artifact.Facts?.Incremental == true;

    /// <param name="previousGood">the newest good artifact of the same sort before this one, if any</param>
    public static CheckResult Judge(long size, long minSizeBytes, double? maxShrink, ArtifactObservation? previousGood)
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
                    $"{size} bytes is {shrankBy:P0} smaller than the previous good artifact {previous.Name} ({previous.SizeBytes} bytes); "
                        + $"max_shrink is {shrink:P0}");
            }
        }
        return CheckResult.Pass();
    }
}
