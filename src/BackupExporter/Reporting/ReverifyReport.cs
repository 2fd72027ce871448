using BackupExporter.Inspection.Reverification;

namespace BackupExporter.Reporting;

/// <summary>A set's rotating re-verification for people: the status line, the figures, and each changed artifact.</summary>
/// <remarks>The properties' order is the order of the keys in JSON.</remarks>
internal sealed record ReverifyReport(string Text, long PeriodSeconds, int Artifacts, int VerifiedArtifacts, double VerifiedBytesRatio,
    DateTimeOffset? OldestVerification, IReadOnlyList<string> Changed)
{
    public static ReverifyReport? From(ReverifyObservation? o) => o is null || ReverifyEvidence.Text(o) is not { } text
        ? null
        : new ReverifyReport(text, (long)o.Period.TotalSeconds, o.Artifacts, o.VerifiedArtifacts, o.VerifiedBytesRatio,
            o.OldestVerification, [.. o.Changed.Select(c => $"{c.Artifact}: {c.Describe()}")]);
}
