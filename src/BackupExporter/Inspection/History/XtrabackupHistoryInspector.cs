using BackupExporter.Configuration;
using BackupExporter.Inspection.Artifacts.Physical;
using MySqlConnector;
using BackupExporter.Decoding;

namespace BackupExporter.Inspection.History;

/// <summary>
/// <c>kind: xtrabackup_history</c>: the backups recorded with <c>--history</c> on the set's server, by Percona
/// XtraBackup (and older mariabackup releases) in <c>PERCONA_SCHEMA.xtrabackup_history</c>, by mariabackup of
/// MariaDB 10.11 and later in <c>mysql.mariadb_backup_history</c> (the same columns). A row is written only when a backup completes,
/// so every row is a good artifact; its binlog position feeds PITR. The table records no size.
/// </summary>
internal sealed class XtrabackupHistoryInspector(BackupSetConfig set, ServerConfig server, TimeProvider clock)
    : HistoryTableInspector(set, server, clock)
{
    internal const string PerconaTable = "PERCONA_SCHEMA.xtrabackup_history";
    internal const string MariaDbTable = "mysql.mariadb_backup_history";

    // UNIX_TIMESTAMP: the TIMESTAMP columns are read in the session's time zone otherwise.
    internal static string Sql(string table) => $"""
        SELECT uuid, COALESCE(name, ''), UNIX_TIMESTAMP(start_time), UNIX_TIMESTAMP(end_time), COALESCE(binlog_pos, ''),
               COALESCE(incremental, 'N'), innodb_from_lsn, innodb_to_lsn, COALESCE(tool_name, ''), COALESCE(server_version, '')
        FROM {table}
        WHERE end_time IS NOT NULL
        ORDER BY end_time DESC, uuid DESC
        LIMIT {MaxRows}
        """;

    protected override IReadOnlyList<string> Tables { get; } = [PerconaTable, MariaDbTable];

    protected override string Query(string table) => Sql(table);

    protected override string MissingTableHint => "run xtrabackup or mariabackup with --history";

    protected override ArtifactObservation Row(MySqlDataReader row, string table)
    {
        var uuid = row.GetString(0);
        var name = row.GetString(1);
        var end = UnixTime(row, 3)!.Value;
        var (file, position, gtid) = BinlogPositionText.Parse(row.GetString(4));
        var incremental = row.GetString(5) == "Y";
        var (fromLsn, toLsn) = (Long(row, 6), Long(row, 7));
        var checks = new Dictionary<string, CheckResult>
        {
            [CheckNames.Complete] = CheckResult.Pass($"{(incremental ? "incremental" : "full")} backup recorded complete in {table}"
                + (toLsn is null ? "" : $", LSN {fromLsn ?? 0} to {toLsn}")),
        };
        var tool = row.GetString(8);
        var serverVersion = row.GetString(9);
        var facts = new ArtifactFacts(true, null, tool.Length > 0 ? tool : "xtrabackup", serverVersion.Length > 0 ? serverVersion
            : null, file, position, gtid)
        {
            StartedAt = UnixTime(row, 2),
            EndedAt = end,
            BackupType = incremental ? "incremental" : "full",
            FromLsn = fromLsn,
            ToLsn = toLsn,
        };
        return new ArtifactObservation($"{Server.Name}:{table}/{(name.Length > 0 ? name + "/" : "")}{uuid}",
            0, end, false, checks, facts, CompressionFormat.None)
        {
            RecordedTime = end, // the row's end_time is the tool's record; there is no file time to compare it with
        };
    }
}
