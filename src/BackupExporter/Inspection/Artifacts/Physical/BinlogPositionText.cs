using System.Globalization;
using System.Text.RegularExpressions;

namespace BackupExporter.Inspection.Artifacts.Physical;

/// <summary>
/// The binlog position as XtraBackup and mariabackup write it in prose, in xtrabackup_info's <c>binlog_pos</c> and in
/// the history table's <c>binlog_pos</c> column: one parser for both.
/// </summary>
internal static partial class BinlogPositionText
{
    /// <summary>
    /// XtraBackup's <c>binlog_pos</c>: <c>filename 'mysql-bin.000002', position '385', GTID of the last change '0-1-3'</c>.
    /// </summary>
    internal static (string? File, long? Position, string? Gtid) Parse(string text)
    {
        var m = BinlogPosition().Match(text);
        if (!m.Success)
            return (null, null, null);
        var gtid = m.Groups["gtid"].Success && m.Groups["gtid"].Value.Length > 0 ? m.Groups["gtid"].Value : null;
        return (m.Groups["file"].Value, long.Parse(m.Groups["pos"].ValueSpan, CultureInfo.InvariantCulture), gtid);
    }

    [GeneratedRegex(@"filename '(?<file>[^']+)', position '?(?<pos>\d+)'?(?:, GTID of the last change '(?<gtid>[^']*)')?")]
    private static partial Regex BinlogPosition();
}
