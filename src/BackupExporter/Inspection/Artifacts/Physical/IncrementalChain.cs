using BackupExporter.Configuration;
namespace BackupExporter.Inspection.Artifacts.Physical;

/// <summary>
/// The <c>chain</c> check of physical backups: an incremental restores only on top of the backup its
/// <c>from_lsn</c> continues (the one whose <c>to_lsn</c> equals it), and that one on its own base, back to a full
/// backup that is still retained and intact. A missing base, an LSN gap or a broken link fails every backup that
/// depends on it, so the newest good artifact is the newest restorable point.
/// </summary>
internal static class IncrementalChain
{
    /// <param name="artifacts">oldest first, with their other checks done</param>
    public static IReadOnlyList<ArtifactObservation> Apply(IReadOnlyList<ArtifactObservation> artifacts)
    {
        var result = new List<ArtifactObservation>(artifacts.Count);
        var fullOf = new Dictionary<string, string>(StringComparer.Ordinal); // artifact path → the full backup it restores from
        foreach (var artifact in artifacts)
        {
            if (artifact.InProgress || artifact.Facts?.ToLsn is null)
            {
                result.Add(artifact); // not placed in a chain: still being written, or its own checks say it did not finish
                continue;
            }
            var chain = Judge(artifact, result, fullOf);
            result.Add(artifact with { Checks = CheckTable.From(artifact.Checks).With(CheckNames.Chain, chain) });
        }
        return result;
    }

    private static CheckResult Judge(ArtifactObservation artifact, List<ArtifactObservation> older, Dictionary<string, string> fullOf)
    {
        var facts = artifact.Facts!;
        if (!facts.Incremental)
        {
            fullOf[artifact.Path] = artifact.Name;
            return CheckResult.Pass($"{facts.BackupType ?? "full"} backup: restorable on its own");
        }

        var from = facts.FromLsn ?? 0;
        var candidates = older.Where(o => !o.InProgress && o.Facts?.ToLsn == from).ToList();
        if (candidates.Count == 0)
            return CheckResult.Fail($"no retained backup ends at LSN {from}, where this incremental starts: its base is "
                + $"missing or an LSN is wrong");

        // A full-prepared backup has had its redo applied for good: incrementals can no longer be applied to it.
        var usable = candidates.Where(c => c.Facts!.BackupType != "full-prepared").ToList();
        if (usable.Count == 0)
            return CheckResult.Fail($"its base {candidates[^1].Name} (to LSN {from}) is full-prepared: incrementals "
                + $"cannot be applied to it");

        var parent = usable.LastOrDefault(IsGood) ?? usable[^1];
        if (!IsGood(parent))
        {
            var (check, reason) = parent.Checks.First(c => !c.Value.Ok && c.Key != CheckNames.Size);
            return CheckResult.Fail(check == CheckNames.Chain
                ? $"its base {parent.Name} is not restorable: {reason.Detail}"
                : $"its base {parent.Name} failed {check}: {reason.Detail}");
        }
        var full = fullOf[artifact.Path] = fullOf.GetValueOrDefault(parent.Path, parent.Name);
        return CheckResult.Pass($"continues {parent.Name} at LSN {from}, back to the full backup {full}");
    }

    /// <summary>Restorable as a base: every check that matters for a restore passed (size is a heuristic, not a defect).</summary>
    private static bool IsGood(ArtifactObservation artifact) =>
        artifact.Checks.Where(c => c.Key != CheckNames.Size).All(c => c.Value.Ok);
}
