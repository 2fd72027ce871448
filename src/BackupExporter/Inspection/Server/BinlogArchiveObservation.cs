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

    /// <summary>The binary log files in the directory (under the archive's base name), usable or not.</summary>
    public int Files { get; init; }

    /// <summary>Their total size.</summary>
    public long Bytes { get; init; }

    /// <summary>Files missing from the sequence between the oldest and the newest archived file.</summary>
    public int MissingFiles { get; init; }

    /// <summary>Archived files that are cut short, damaged or not binary logs at all, oldest first, each with its reason.</summary>
    public IReadOnlyList<string> Damaged { get; init; } = [];

    /// <summary>True when the sequence is broken (a missing or damaged file): <see cref="Contiguous"/> starts after the break.</summary>
    public bool Gap => MissingFiles > 0 || Damaged.Count > 0;

    /// <summary>
    /// Why the archiver counts as stopped: the archive has not grown for <c>stalled_after</c> while the server's own
    /// binary logs are ahead of it. Null when it keeps up, or when the server's binary logs are not known (server down).
    /// </summary>
    public string? Stall { get; init; }

    public bool Stalled => Stall is not null;

    /// <summary>Whether the archive is compared with the server's binary logs: false while the server's are unknown.</summary>
    public bool ComparedWithServer { get; init; }

    /// <summary>
    /// The off-site remote's listing: null without a remote; false when the last listing failed (<see cref="OffsiteError"/>).
    /// </summary>
    public bool? OffsiteUp { get; init; }

    public string? OffsiteError { get; init; }

    /// <summary>When the remote was last listed successfully; the flags of <see cref="Contiguous"/> are as of then.</summary>
    public DateTimeOffset? OffsiteListedAt { get; init; }

    /// <summary>
    /// How far the off-site copy reaches: the newest event of the newest file of <see cref="Contiguous"/> that is
    /// off-site (the newest file, still growing, is usually not yet). Null with none off-site. Whether the files between
    /// an artifact's position and it are all off-site is the recovery point's question, from the flags.
    /// </summary>
    public DateTimeOffset? OffsiteReachesTo
    {
        get
        {
            var newest = -1;
            for (var i = Contiguous.Count - 1; i >= 0; i--)
            {
                if (Contiguous[i].Offsite)
                {
                    newest = i;
                    break;
                }
            }
            return newest < 0 ? null : Contiguous[newest].LastEventTime ?? Contiguous[newest].FirstEventTime;
        }
    }
}
