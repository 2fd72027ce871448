using BackupExporter.Configuration;
using MySqlConnector;
using BackupExporter.Decoding;

namespace BackupExporter.Inspection.History;

/// <summary>
/// <c>kind: meb</c>: the runs MySQL Enterprise Backup recorded in <c>mysql.backup_history</c> on the set's server.
/// mysqlbackup writes one row when a run ends, failed runs included: <c>exit_state</c> is <c>SUCCESS</c> or the
/// failure, with <c>last_error</c>. Columns are read by name in the SELECT, so the extra columns of newer releases
/// do not matter. The table records no size.
/// </summary>
internal sealed class MebHistoryInspector(BackupSetConfig set, ServerConfig server, TimeProvider clock)
    : HistoryTableInspector(set, server, clock)
{
    internal static readonly string TableName = BackupKind.Meb.HistoryTable();

    internal static string Sql(string table) => $"""
        SELECT backup_id, COALESCE(backup_type, ''), UNIX_TIMESTAMP(start_time), UNIX_TIMESTAMP(end_time),
               binlog_file, binlog_pos, COALESCE(exit_state, ''), last_error, last_error_code, start_lsn, end_lsn
        FROM {table}
        WHERE end_time IS NOT NULL
        ORDER BY end_time DESC, backup_id DESC
        LIMIT {MaxRows}
        """;

    protected override IReadOnlyList<string> Tables { get; } = [TableName];

    protected override string Query(string table) => Sql(table);

    protected override string MissingTableHint => "mysqlbackup writes it unless run with --no-history-logging";

    protected override ArtifactObservation Row(MySqlDataReader row, string table)
    {
        var id = Long(row, 0);
        var type = row.GetString(1);
        var end = UnixTime(row, 3)!.Value;
        var exitState = row.GetString(6);
        var (fromLsn, toLsn) = (Long(row, 9), Long(row, 10));
        var described = $"{(type.Length > 0 ? type : "backup")} run {id}" + (toLsn is null ? "" : $", LSN {fromLsn ?? 0} to {toLsn}");
        var ok = string.Equals(exitState, "SUCCESS", StringComparison.OrdinalIgnoreCase);
        var complete = ok
            ? CheckResult.Pass($"{described}: mysqlbackup recorded exit_state SUCCESS")
            : CheckResult.Fail($"{described}: mysqlbackup recorded exit_state {(exitState.Length > 0 ? exitState : "(empty)")}"
                + (Text(row, 7) is { Length: > 0 } error ? $": {error}" : "")
                + (Long(row, 8) is { } code and not 0 ? $" (error {code})" : ""));
        var (file, position) = Coordinates(Text(row, 4), Long(row, 5));
        var facts = new ArtifactFacts(ok, null, "mysqlbackup", null, file, position, null)
        {
            StartedAt = UnixTime(row, 2),
            EndedAt = end,
            BackupType = type.Length > 0 ? type : null,
            FromLsn = fromLsn,
            ToLsn = toLsn,
        };
        return new ArtifactObservation($"{Server.Name}:{table}/{id}", 0, end, false,
            new Dictionary<string, CheckResult> { [CheckNames.Complete] = complete }, facts, CompressionFormat.None)
        {
            RecordedTime = end, // the row's end_time is the tool's record; there is no file time to compare it with
        };
    }

    /// <summary>
    /// Binary logging off or skipped (<c>--skip-binlog</c>) leaves no usable coordinates: an empty or
    /// <c>BINLOG-DISABLED</c> file, or the <c>-1</c> position the CSV-format table of old releases used for NULL.
    /// </summary>
    internal static (string? File, long? Position) Coordinates(string? file, long? position) =>
        string.IsNullOrWhiteSpace(file) || file.Equals("BINLOG-DISABLED", StringComparison.OrdinalIgnoreCase) || position is null or < 0
            ? (null, null)
            : (file, position);
}
