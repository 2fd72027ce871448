using BackupExporter.Inspection.Server;

namespace BackupExporter.Reporting;

/// <summary>
/// A server's binlog archive as the status page, /api/v1/status and <c>verify</c> show it: how far it reaches, whether
/// the archiver keeps up, whether the sequence is broken and why, and how far the off-site copy reaches.
/// </summary>
/// <remarks>The properties' order is the order of the keys in JSON.</remarks>
internal sealed record BinlogArchiveReport
{
    public required string Path { get; init; }

    /// <summary>The newest event of the newest gap-free run; null while none is usable.</summary>
    public DateTimeOffset? ReachesTo { get; init; }

    /// <summary>The oldest file of that run: a restore can replay from its start on.</summary>
    public string? From { get; init; }

    public int Files { get; init; }

    public long Bytes { get; init; }

    public DateTimeOffset? LastGrowth { get; init; }

    public bool Stalled { get; init; }

    public bool Gap { get; init; }

    /// <summary>Why the archive cannot be used, or only from a later file on; null when it is whole.</summary>
    public string? Problem { get; init; }

    /// <summary>Why the archiver counts as stopped; null when it keeps up or the server's binary logs are unknown.</summary>
    public string? Stall { get; init; }

    public IReadOnlyList<string> Damaged { get; init; } = [];

    /// <summary>The off-site remote; null without one.</summary>
    public string? Remote { get; init; }

    public DateTimeOffset? OffsiteReachesTo { get; init; }

    public string? OffsiteError { get; init; }

    public static BinlogArchiveReport Of(string path, string? remote, BinlogArchiveObservation? o) => o is null
        ? new BinlogArchiveReport { Path = path, Remote = remote, Problem = "not inspected yet" }
        : new BinlogArchiveReport
        {
            Path = path,
            ReachesTo = o.ReachesTo,
            From = o.Contiguous.Count == 0 ? null : o.Contiguous[0].Name,
            Files = o.Files,
            Bytes = o.Bytes,
            LastGrowth = o.LastGrowth,
            Stalled = o.Stalled,
            Gap = o.Gap,
            Problem = o.Problem,
            Stall = o.Stall,
            Damaged = o.Damaged,
            Remote = remote,
            OffsiteReachesTo = remote is null ? null : o.OffsiteReachesTo,
            OffsiteError = o.OffsiteError,
        };
}
