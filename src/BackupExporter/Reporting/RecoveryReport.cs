namespace BackupExporter.Reporting;

/// <summary>One scope's recovery point for people and /api/v1/status; <see cref="Set"/> names the set it comes from on a server.</summary>
/// <remarks>The properties' order is the order of the keys in JSON.</remarks>
internal sealed record RecoveryPointReport
{
    public required string Scope { get; init; }

    public DateTimeOffset? Time { get; init; }

    /// <summary>Reaches the server's current binlog: restorable to the moment the server was last observed.</summary>
    public bool Live { get; init; }

    public string? Set { get; init; }

    public string? Artifact { get; init; }

    public DateTimeOffset? ArtifactTime { get; init; }

    /// <summary><c>none</c>, <c>binlogs</c> (the server's retained ones) or <c>archive</c> (its binlog archive).</summary>
    public required string Extension { get; init; }

    public long BinlogBytes { get; init; }

    public string? Note { get; init; }

    public static RecoveryPointReport From(RecoveryPoint point, string? set = null) => new()
    {
        Scope = RecoveryScopes.Word(point.Scope),
        Time = point.Time,
        Live = point.Live,
        Set = set,
        Artifact = point.Artifact,
        ArtifactTime = point.ArtifactTime,
        Extension = point.Extension switch
        {
            RecoveryExtension.ServerBinlogs => "binlogs",
            RecoveryExtension.Archive => "archive",
            RecoveryExtension.DrillReplay => "drill_replay",
            _ => "none",
        },
        BinlogBytes = point.BinlogBytes,
        Note = point.Note,
    };
}

/// <summary>
/// A set's (or a server's) answer to "to what point, how fast, against which objective": <see cref="Summary"/> is the
/// line the status page and <c>verify</c> open with; the rest are its fields.
/// </summary>
/// <remarks>The properties' order is the order of the keys in JSON.</remarks>
internal sealed record RecoveryReport
{
    public required string Summary { get; init; }

    public required IReadOnlyList<RecoveryPointReport> Points { get; init; }

    /// <summary>The predicted restore time; null: unknown (no drill to fit it from).</summary>
    public double? RestoreSeconds { get; init; }

    /// <summary>The drills the prediction was fitted from; 0 without a prediction.</summary>
    public int RestoreDrills { get; init; }

    public DateTimeOffset? RestoreNewestDrill { get; init; }

    public double? RpoSeconds { get; init; }

    public double? RtoSeconds { get; init; }

    /// <summary>Null without an <c>rpo</c>; false when any of <see cref="RpoBreached"/>.</summary>
    public bool? RpoMet { get; init; }

    /// <summary>The scopes whose recovery point is older than the <c>rpo</c>.</summary>
    public IReadOnlyList<string> RpoBreached { get; init; } = [];

    /// <summary>Null without an <c>rto</c> or without a prediction.</summary>
    public bool? RtoMet { get; init; }
}
