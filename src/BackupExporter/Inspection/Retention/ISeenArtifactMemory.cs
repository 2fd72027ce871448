namespace BackupExporter.Inspection.Retention;

/// <summary>
/// Where a set's <see cref="SeenArtifact"/> records outlive the process. Small on purpose: another record of the
/// artifacts (a digest ledger) may take this over, so the disappearance logic depends on nothing more.
/// </summary>
internal interface ISeenArtifactMemory
{
    /// <returns>the set's records (empty when there are none), and a warning when the stored ones could not be read</returns>
    (IReadOnlyList<SeenArtifact> Records, string? Problem) Load(string backup);

    /// <returns>null when kept, else why not</returns>
    string? Save(string backup, IReadOnlyList<SeenArtifact> records);
}
