namespace BackupExporter.Inspection.Server;

/// <summary>A binary log file the server still retains, from <c>SHOW BINARY LOGS</c>.</summary>
internal sealed record BinlogFile(string Name, long SizeBytes);

/// <summary>
/// What one inspection of a server found. <see cref="Up"/> is false when the connection or the first query failed;
/// a query that lacks a privilege leaves its part null and says so in <see cref="Problems"/>, the rest still flows.
/// </summary>
internal sealed record ServerObservation : IObservation
{
    public required string Name { get; init; }

    public required DateTimeOffset ObservedAt { get; init; }

    public required bool Up { get; init; }

    public string? Error { get; init; }

    public string? Version { get; init; }

    public string? Flavor { get; init; }

    public bool? BinlogEnabled { get; init; }

    public IReadOnlyList<BinlogFile>? Binlogs { get; init; }

    public double? RetentionSeconds { get; init; }

    public DateTimeOffset? OldestBinlogTime { get; init; }

    public IReadOnlyDictionary<string, int>? BlockedThreads { get; init; }

    public int? BackupSessions { get; init; }

    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>The wait states of threads held up behind backup locks, as the <c>wait</c> label says them.</summary>
    public static readonly IReadOnlyList<(string Label, string State)> Waits =
    [
        ("global_read_lock", "Waiting for global read lock"),
        ("table_flush", "Waiting for table flush"),
        ("metadata_lock", "Waiting for table metadata lock"),
        ("backup_lock", "Waiting for backup lock"),
    ];

    public static ServerObservation Down(string name, DateTimeOffset at, string error, IReadOnlyList<string> problems) =>
        new() { Name = name, ObservedAt = at, Up = false, Error = error, Problems = problems };
}
