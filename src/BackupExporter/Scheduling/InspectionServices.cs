using BackupExporter.Inspection;
using BackupExporter.Inspection.Logs;
using BackupExporter.Inspection.Server;

namespace BackupExporter.Scheduling;

/// <summary>
/// What the inspections of a configuration share with the command that runs them: the clock, the byte counter, the
/// log offsets, where warnings go, and the newest observation of a set's own inspection (an off-site check compares
/// the remote with it) and of a server's.
/// </summary>
internal sealed record InspectionServices(TimeProvider Clock, Action<long> CountBytesRead, LogOffsetStore LogOffsets, Action<string> Warn,
    Func<string, BackupSetObservation?> LocalSet)
{
    /// <summary>Where the artifacts seen are remembered across restarts, to notice removals; null: not remembered.</summary>
    public Inspection.Retention.ISeenArtifactMemory? Seen { get; init; }

    /// <summary>Whether the re-verification keeps its digest ledgers (serve); one round (verify) reads them and writes nothing.</summary>
    public bool KeepsLedgers { get; init; }

    /// <summary>The newest observation of a server's own inspection (a binlog archive is compared with its binary logs).</summary>
    public Func<string, ServerObservation?> Server { get; init; } = _ => null;
}
