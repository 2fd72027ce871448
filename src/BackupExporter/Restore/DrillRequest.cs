using BackupExporter.Configuration;
using BackupExporter.Inspection.Drills;

namespace BackupExporter.Restore;

/// <summary>
/// One drill to make: the set, its drill settings (the defaults when the set has no restore_test), and the config it came from.
/// </summary>
internal sealed record DrillRequest(ExporterConfig Config, BackupSetConfig Set)
{
    public RestoreTestConfig Settings { get; } = Set.RestoreTest ?? new RestoreTestConfig();

    /// <summary>The address-space cap of the sandbox server when the set sets none.</summary>
    public const long DefaultMemoryLimit = 2L << 30;

    public long MemoryLimit => Settings.MemoryLimitBytes ?? DefaultMemoryLimit;
}

/// <summary>
/// How a drill request ended: a record (ok, failed or unsupported: written to the history), or a refusal to start
/// (another drill, the set's backup running, nothing restorable): no drill was made, nothing is recorded.
/// </summary>
internal sealed record DrillResult(DrillRecord? Record, string? Refusal, IReadOnlyList<string> Notes);
