namespace BackupExporter.Inspection.Server;

/// <summary>
/// One binary log kept in a server's binlog archive (the directory that <c>mysqlbinlog --read-from-remote-server
/// --raw --stop-never</c> fills): its name and size, the time of its first event (from its header) and, where read,
/// of its last event; <see cref="Offsite"/> when an intact copy is on the archive's off-site remote.
/// </summary>
internal sealed record ArchivedBinlog(
    string Name,
    long SizeBytes,
    DateTimeOffset? FirstEventTime,
    DateTimeOffset? LastEventTime,
    bool Offsite);

/// <summary>
/// What one inspection of a server's binlog archive found. <see cref="Contiguous"/> is the newest run of archived
/// binlogs without a gap, oldest first: a restore can replay from any of them to the end of the newest.
/// <see cref="Problem"/> says why the archive cannot be used (missing directory, gap, unreadable header...);
/// <see cref="LastGrowth"/> is when the archive last grew, to see that the archiver stopped.
/// </summary>
internal sealed record BinlogArchiveObservation(
    string Server,
    DateTimeOffset ObservedAt,
    string? Problem,
    IReadOnlyList<ArchivedBinlog> Contiguous,
    DateTimeOffset? LastGrowth) : IObservation
{
    /// <summary>How far the archive reaches: the newest event time it holds.</summary>
    public DateTimeOffset? ReachesTo => Contiguous.Count == 0 ? null : Contiguous[^1].LastEventTime ?? Contiguous[^1].FirstEventTime;
}
