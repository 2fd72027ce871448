namespace BackupExporter.Reporting;

/// <summary>
/// Where a recovery point holds: <see cref="Local"/> from what is on this host now, <see cref="Offsite"/> from what survives
/// losing it, <see cref="Proven"/> from what a restore drill has shown to restore.
/// </summary>
internal enum RecoveryScope { Local, Offsite, Proven }

internal static class RecoveryScopes
{
    public static readonly IReadOnlyList<RecoveryScope> All = Enum.GetValues<RecoveryScope>();

    /// <summary>The value of the <c>scope</c> label and the word the reports use.</summary>
    public static string Word(RecoveryScope scope) => scope switch
    {
        RecoveryScope.Local => "local",
        RecoveryScope.Offsite => "offsite",
        RecoveryScope.Proven => "proven",
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, null),
    };
}

/// <summary>How a recovery point reaches past its artifact's own consistent point.</summary>
internal enum RecoveryExtension
{
    /// <summary>The artifact's own point: no binlog takes it further.</summary>
    None,

    /// <summary>Through the server's retained binlogs up to the current one, without a gap: as of the server's last observation.</summary>
    ServerBinlogs,

    /// <summary>Through the server's binlog archive, to the newest event it holds.</summary>
    Archive,

    /// <summary>Through the binlogs a passed restore drill replayed on top of the artifact, to the newest event it applied.</summary>
    DrillReplay,
}

/// <summary>
/// The newest moment one scope of a set can be restored to: the artifact a restore starts from and how far binlogs take
/// it. <see cref="Time"/> is null when the scope has no point (no good artifact, none off-site, no passed drill), and
/// <see cref="Note"/> says why, or why the binlogs do not take it further.
/// </summary>
internal sealed record RecoveryPoint
{
    public required RecoveryScope Scope { get; init; }

    public DateTimeOffset? Time { get; init; }

    /// <summary>The artifact a restore starts from (its file or directory name).</summary>
    public string? Artifact { get; init; }

    public DateTimeOffset? ArtifactTime { get; init; }

    public long ArtifactBytes { get; init; }

    public RecoveryExtension Extension { get; init; }

    /// <summary>The binary log bytes a restore to <see cref="Time"/> replays after the artifact.</summary>
    public long BinlogBytes { get; init; }

    public string? Note { get; init; }

    /// <summary>Reaches the server's current binlog: the point moves with every observation of the server.</summary>
    public bool Live => Extension == RecoveryExtension.ServerBinlogs;

    public static RecoveryPoint None(RecoveryScope scope, string note) => new() { Scope = scope, Note = note };
}
