using Cronos;

namespace BackupExporter.Configuration;

/// <summary>
/// A set's <c>restore_test</c> block: how and when its newest good artifact is restored into a sandbox to prove it
/// restores (docs/configuration.md, "Restore drills"). Parsed and checked by the configuration reader.
/// </summary>
/// <param name="Schedule">when the exporter runs a drill; null: only on demand with the <c>drill</c> command</param>
/// <param name="Timeout">a drill still running after this is stopped and fails</param>
/// <param name="ScratchDirectory">where sandboxes live; never inside a backup directory</param>
/// <param name="MaxDiskBytes">a drill that would need more (or more than the volume has) is refused before it writes</param>
/// <param name="Rto">the recovery-time objective; a slower drill is reported; null: none set</param>
/// <param name="CheckTables">CHECK TABLE on every restored table (a site may turn it off for very large data)</param>
/// <param name="MaxShrink">a fall in rows or tables against the previous successful drill beyond this fraction fails the drill</param>
/// <param name="Checks">queries run on the restored copy</param>
/// <param name="ReplayBinlogs">replay the server's retained binlogs from the artifact's coordinates for this span; null: off</param>
/// <param name="MemoryLimitBytes">a memory cap on the sandbox server; null: the drill's default</param>
internal sealed record RestoreTestConfig(
    CronExpression? Schedule,
    string? ScheduleText,
    TimeSpan Timeout,
    string ScratchDirectory,
    long? MaxDiskBytes,
    TimeSpan? Rto,
    bool CheckTables,
    double? MaxShrink,
    IReadOnlyList<RestoreCheck> Checks,
    TimeSpan? ReplayBinlogs,
    long? MemoryLimitBytes);

/// <summary>One query of <c>restore_test.checks</c>: its single value must lie within the bounds given.</summary>
internal sealed record RestoreCheck(string Sql, double? Min, double? Max);
