namespace BackupExporter.Inspection.Server;

/// <summary>
/// What walking the event headers of one binary log found: the first event's time (the format description event),
/// the newest event's time, where the last complete event ends, the type of that event, and whether bytes of an
/// unfinished event follow it. <see cref="Problem"/> says why the file is not a usable binary log.
/// </summary>
internal sealed record BinlogScan(
    DateTimeOffset? FirstEventTime,
    DateTimeOffset? LastEventTime,
    long End,
    byte LastEventType,
    bool PartialTail,
    int Events,
    string? Problem)
{
    /// <summary>
    /// The server finished the file: its last event is a rotate (the server went on to the next file) or a stop
    /// (the server shut down), and nothing follows it. Any older file of an archive must be closed; one that is not
    /// was cut short.
    /// </summary>
    public bool Closed => Problem is null && !PartialTail && LastEventType is BinlogEvents.Rotate or BinlogEvents.Stop;
}
