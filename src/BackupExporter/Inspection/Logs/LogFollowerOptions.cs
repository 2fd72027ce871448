namespace BackupExporter.Inspection.Logs;

/// <summary>Where a follower without a saved position starts in a log that already exists.</summary>
internal enum LogStart
{
    /// <summary>From the first byte: the log's whole history is read once.</summary>
    Beginning,

    /// <summary>After the last complete line: only what is written from now on.</summary>
    End,
}

internal sealed record LogFollowerOptions
{
    public static readonly LogFollowerOptions Default = new();

    /// <summary>Longest line delivered whole; a longer one is cut to its first this many bytes and the rest skipped.</summary>
    public int MaxLineBytes { get; init; } = 64 * 1024;

    /// <summary>Read size. At least twice <see cref="MaxLineBytes"/>.</summary>
    public int BufferBytes { get; init; } = 1024 * 1024;

    /// <summary>Used only when there is no saved position for the log; a file that appears later is always read from its start.</summary>
    public LogStart Start { get; init; } = LogStart.Beginning;
}
