using System.Globalization;
using System.Text;

namespace BackupExporter.Inspection.Artifacts.Physical;

/// <summary>
/// The small text files XtraBackup and mariabackup write into a backup when it finishes: <c>xtrabackup_checkpoints</c>
/// (backup_type, from_lsn, to_lsn, last_lsn), <c>xtrabackup_info</c> (times, tool, server, binlog position, flags)
/// and <c>xtrabackup_binlog_info</c> (file, position, GTID; absent with binary logging off). Newer MariaDB releases
/// name them <c>mariadb_backup_*</c>; both names are read.
/// </summary>
internal sealed record XtrabackupMetadata(
    IReadOnlyDictionary<string, string>? Checkpoints,
    IReadOnlyDictionary<string, string>? Info,
    (string File, long Position, string? Gtid)? BinlogInfo)
{
    public const string CheckpointsFile = "checkpoints";
    public const string InfoFile = "info";
    public const string BinlogInfoFile = "binlog_info";

    /// <summary>Files larger than this are not metadata: read no further.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The file names of one metadata file, the MariaDB spelling first.</summary>
    public static string[] Names(string which) => [$"mariadb_backup_{which}", $"xtrabackup_{which}"];

    public static bool IsMetadataName(string fileName, out string which)
    {
        foreach (var candidate in new[] { CheckpointsFile, InfoFile, BinlogInfoFile })
            if (Names(candidate).Contains(fileName, StringComparer.Ordinal))
            {
                which = candidate;
                return true;
            }
        which = "";
        return false;
    }

    public string? BackupType => Value(Checkpoints, "backup_type");

    public long? FromLsn => Long(Checkpoints, "from_lsn");

    public long? ToLsn => Long(Checkpoints, "to_lsn");

    public bool Incremental => BackupType == "incremental" || Value(Info, "incremental") == "Y";

    /// <summary>full-prepared (prepared, ready to restore) and log-applied (prepared with --apply-log-only).</summary>
    public bool Prepared => BackupType is "full-prepared" or "log-applied";

    public bool Flag(string key) => Value(Info, key) == "Y";

    public string? Value(string key) => Value(Info, key);

    /// <summary>xtrabackup_info's times are the local time of the machine that ran the backup.</summary>
    public DateTimeOffset? Time(string key, TimeZoneInfo zone) => ToolTime.Parse(Value(Info, key), zone);

    /// <summary><c>key = value</c> lines; a value may be empty (<c>name = </c>).</summary>
    public static Dictionary<string, string> ParseKeyValues(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var equals = line.IndexOf('=');
            if (equals <= 0)
                continue;
            values[line[..equals].Trim()] = line[(equals + 1)..].Trim();
        }
        return values;
    }

    /// <summary><c>mysql-bin.000001	803	0-1-3</c>: file, position and (optionally) the GTID set, tab-separated.</summary>
    public static (string File, long Position, string? Gtid)? ParseBinlogInfo(string text)
    {
        var fields = text.Trim().Split('\t', 3);
        if (fields.Length < 2 || fields[0].Length == 0
            || !long.TryParse(fields[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var position))
            return null;
        var gtid = fields.Length == 3 && fields[2].Trim().Length > 0 ? fields[2].Trim() : null;
        return (fields[0].Trim(), position, gtid);
    }

    public static XtrabackupMetadata FromTexts(string? checkpoints, string? info, string? binlogInfo) => new(
        checkpoints is null ? null : ParseKeyValues(checkpoints),
        info is null ? null : ParseKeyValues(info),
        binlogInfo is null ? null : ParseBinlogInfo(binlogInfo));

    public static string Decode(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    private static string? Value(IReadOnlyDictionary<string, string>? values, string key) =>
        values is not null && values.TryGetValue(key, out var v) ? v : null;

    private static long? Long(IReadOnlyDictionary<string, string>? values, string key) =>
        Value(values, key) is { } text && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
