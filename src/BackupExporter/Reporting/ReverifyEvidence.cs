using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Reverification;

namespace BackupExporter.Reporting;

/// <summary>
/// Evidence of change from the re-verification, applied to the set's artifacts before they are judged: an artifact
/// that read otherwise than at its first full read fails <c>checksum</c> with both digests and the time of each read,
/// whatever its sidecar says (a sidecar written again to match proves nothing).
/// </summary>
internal static class ReverifyEvidence
{
    public static IReadOnlyList<ArtifactObservation> Apply(IReadOnlyList<ArtifactObservation> artifacts, ReverifyObservation? reverify)
    {
        if (reverify is not { Changed.Count: > 0 } evidence)
            return artifacts;
        var changed = evidence.Changed.ToDictionary(c => c.Artifact, StringComparer.Ordinal);
        return [.. artifacts.Select(a => !a.InProgress && changed.TryGetValue(a.Path, out var change)
            ? a with { Checks = CheckTable.From(a.Checks).With(CheckNames.Checksum, CheckResult.Fail(change.Describe())) }
            : a)];
    }

    /// <summary>What of the re-verification the set's verdicts depend on: the changes alone (equal while they are the same).</summary>
    public static string? Inputs(ReverifyObservation? reverify) =>
        reverify is not { Changed.Count: > 0 } o ? null
            : string.Join('\n', o.Changed.Select(c => $"{c.File} {c.NewDigest} {c.ChangedAt.UtcTicks}"));

    /// <summary>The status line of a set's re-verification, e.g. "all 7 re-verified within 7d".</summary>
    public static string? Text(ReverifyObservation? o)
    {
        if (o is null)
            return null;
        var period = DurationParser.Format(o.Period);
        if (o.Changed.Count > 0)
            return $"{o.Changed.Count} of {o.Artifacts} changed since first read";
        return o.VerifiedArtifacts == o.Artifacts
            ? $"all {o.Artifacts} re-verified within {period}"
            : $"{o.VerifiedArtifacts} of {o.Artifacts} re-verified within {period}";
    }
}
