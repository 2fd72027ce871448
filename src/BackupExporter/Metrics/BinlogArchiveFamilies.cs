using static BackupExporter.Metrics.MetricLabels;
using G = BackupExporter.Metrics.MetricGroup;

namespace BackupExporter.Metrics;

/// <summary>The families of the metric contract rendered from a server's binlog archive (<c>binlog_archive</c>).</summary>
internal static class BinlogArchiveFamilies
{
    private const string Cached = " Refreshed in the background by the binlog archive's inspection, not at scrape time.";

    public static readonly Family ArchiveFiles = new("mysql_backup_binlog_archive_files", "gauge",
        "Binary log files in the server's binlog archive directory." + Cached,
        G.Server, [Server],
        "Binary log files (`base.NNNNNN`) in the server's `binlog_archive` directory, usable or not; 0 when the directory is missing "
            + "or empty.");
    public static readonly Family ArchiveSize = new("mysql_backup_binlog_archive_size_bytes", "gauge",
        "Bytes of the binary log files in the binlog archive." + Cached,
        G.Server, [Server],
        "Their total size.");
    public static readonly Family ArchiveReach = new("mysql_backup_binlog_archive_reach_timestamp_seconds", "gauge",
        "The newest event in the binlog archive's newest gap-free run of files: how far the archive lets a restore replay." + Cached,
        G.Server, [Server],
        "The newest event of the archive's newest run of binary logs without a gap (read from the event headers): how far a restore "
            + "can replay from the archive. Absent while the archive holds no usable file.");
    public static readonly Family ArchiveGap = new("mysql_backup_binlog_archive_gap", "gauge",
        "1 when a binary log is missing from the archive's sequence, or an archived file is cut short or not a binary log." + Cached,
        G.Server, [Server],
        "1 when the archive's sequence is broken: a file missing between the oldest and the newest, or a file cut short, damaged "
            + "or not a binary log. The status page says which; a restore from before the break cannot replay through it.");
    public static readonly Family ArchiveLastGrowth = new("mysql_backup_binlog_archive_last_growth_timestamp_seconds", "gauge",
        "When the binlog archive last grew (the newest modification time of its files); 0 when it holds none." + Cached,
        G.Server, [Server],
        "When the archive last grew: the newest modification time of its binary logs; 0 when it holds none.");
    public static readonly Family ArchiveStalled = new("mysql_backup_binlog_archive_stalled", "gauge",
        "1 when the binlog archiver has stopped: the archive has not grown for stalled_after while the server's binary logs are ahead "
            + "of it." + Cached,
        G.Server, [Server],
        "1 when the archiver has stopped: the archive has not grown for `stalled_after` while the server's own binary logs are ahead "
            + "of it (a newer file, or more bytes of the same one). 0 when it keeps up, and while the server's binary logs are unknown "
            + "(server down: its own alert speaks).");
    public static readonly Family ArchiveOffsiteUp = new("mysql_backup_binlog_archive_offsite_up", "gauge",
        "1 when the last listing of the binlog archive's off-site remote succeeded; absent without a remote." + Cached,
        G.Server, [Server],
        "With `binlog_archive.remote`: 1 when the last `rclone lsjson` of the remote succeeded.");
    public static readonly Family ArchiveOffsiteReach = new("mysql_backup_binlog_archive_offsite_reach_timestamp_seconds", "gauge",
        "The newest event of the newest archived binary log whose copy is on the off-site remote with the same size; 0 when none is."
            + Cached,
        G.Server, [Server],
        "With `binlog_archive.remote`: the newest event of the newest file of the gap-free run whose copy is on the remote with the "
            + "same size; 0 when none is. The newest file, still growing, is usually not copied yet.");

    public static readonly Family[] All =
    [
        ArchiveFiles, ArchiveSize, ArchiveReach, ArchiveGap, ArchiveLastGrowth, ArchiveStalled, ArchiveOffsiteUp, ArchiveOffsiteReach,
    ];
}
