using Cronos;

namespace BackupExporter.Configuration;

/// <summary>
/// A set's <c>restore_test</c> block: how and when its newest good artifact is restored into a sandbox to prove it
/// restores (docs/configuration.md, "Restore drills"). Parsed and checked by the configuration reader.
/// </summary>
/// <remarks>A key the block leaves out keeps its default here: <c>new RestoreTestConfig()</c> is an empty block.</remarks>
internal sealed record RestoreTestConfig
{
    /// <summary>When the exporter runs a drill; null: only on demand with the <c>drill</c> command.</summary>
    public CronExpression? Schedule { get; init; }

    public string? ScheduleText { get; init; }

    /// <summary>A drill still running after this is stopped and fails.</summary>
    public TimeSpan Timeout { get; init; } = RestoreTestConfigReader.DefaultTimeout;

    /// <summary>Where sandboxes live; never inside a backup directory.</summary>
    public string ScratchDirectory { get; init; } = RestoreTestConfigReader.DefaultScratchDirectory;

    /// <summary>A drill that would need more (or more than the volume has) is refused before it writes.</summary>
    public long? MaxDiskBytes { get; init; }

    /// <summary>The recovery-time objective; a slower drill is reported; null: none set.</summary>
    public TimeSpan? Rto { get; init; }

    /// <summary>CHECK TABLE on every restored table (a site may turn it off for very large data).</summary>
    public bool CheckTables { get; init; } = true;

    /// <summary>A fall in rows or tables against the previous successful drill beyond this fraction fails the drill.</summary>
    public double? MaxShrink { get; init; } = RestoreTestConfigReader.DefaultMaxShrink;

    /// <summary>Queries run on the restored copy.</summary>
    public IReadOnlyList<RestoreCheck> Checks { get; init; } = [];

    /// <summary>Replay the server's retained binlogs from the artifact's coordinates for this span; null: off.</summary>
    public TimeSpan? ReplayBinlogs { get; init; }

    /// <summary>A memory cap on the sandbox server; null: the drill's default.</summary>
    public long? MemoryLimitBytes { get; init; }
}

/// <summary>One query of <c>restore_test.checks</c>: its single value must lie within the bounds given.</summary>
internal sealed record RestoreCheck(string Sql, double? Min, double? Max);
