using System.Globalization;
using System.Text.RegularExpressions;
using BackupExporter.Configuration;
using BackupExporter.Inspection.Artifacts;
using BackupExporter.Inspection.Schedule;
using BackupExporter.Inspection.Server;
using BackupExporter.Inspection.Verification;
using BackupExporter.Scheduling;
using MySqlConnector;

namespace BackupExporter.Inspection.History;

/// <summary>
/// <c>kind: xtrabackup_history</c>: the backups Percona XtraBackup recorded with <c>--history</c> in
/// <c>PERCONA_SCHEMA.xtrabackup_history</c> on the set's server. XtraBackup writes a row only when a backup completes,
/// so every row is a good artifact; its binlog position feeds PITR. The table records no size.
/// </summary>
internal sealed partial class XtrabackupHistoryInspector : IInspection
{
    // UNIX_TIMESTAMP: the TIMESTAMP columns are read in the session's time zone otherwise.
    internal const string Query = """
        SELECT uuid, COALESCE(name, ''), UNIX_TIMESTAMP(end_time), COALESCE(binlog_pos, ''), COALESCE(incremental, 'N'),
               innodb_from_lsn, innodb_to_lsn
        FROM PERCONA_SCHEMA.xtrabackup_history
        WHERE end_time IS NOT NULL
        ORDER BY end_time, uuid
        """;

    private readonly BackupSetConfig _set;
    private readonly ServerConfig _server;
    private readonly TimeProvider _clock;
    private readonly DateTimeOffset _watchingSince;

    public XtrabackupHistoryInspector(BackupSetConfig set, ServerConfig server, TimeProvider clock)
    {
        _set = set;
        _server = server;
        _clock = clock;
        _watchingSince = clock.GetUtcNow();
    }

    public string Name => InspectionNames.Backup(_set.Name);

    public TimeSpan Interval => _set.Interval;

    public TimeSpan Timeout => _set.Timeout;

    public async Task<IObservation> RunAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var (connectionString, _) = ServerCredentials.Build(_server);
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken); // a dead server fails the inspection: the last rows stay visible

        var artifacts = new List<ArtifactObservation>();
        string? problem = null;
        try
        {
            await using var command = new MySqlCommand(Query, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                artifacts.Add(Row(reader));
        }
        catch (MySqlException e) when (e.Number == 1146 || e.Number == 1049)
        {
            problem = $"PERCONA_SCHEMA.xtrabackup_history does not exist on server {_server.Name}: run xtrabackup with --history";
        }
        catch (MySqlException e) when (e.Number is 1142 or 1044)
        {
            problem = $"cannot read PERCONA_SCHEMA.xtrabackup_history on server {_server.Name}: {e.Message} (grant SELECT ON PERCONA_SCHEMA.xtrabackup_history)";
        }

        var lastSuccess = artifacts.Count > 0 ? artifacts[^1].ModifiedTime : (DateTimeOffset?)null;
        return new BackupSetObservation(_set.Name, now, problem, artifacts, null, null, ScheduleDeadline.Next(_set, lastSuccess, _watchingSince));
    }

    private ArtifactObservation Row(MySqlDataReader row)
    {
        var uuid = row.GetString(0);
        var name = row.GetString(1);
        var end = DateTimeOffset.FromUnixTimeMilliseconds((long)(Convert.ToDouble(row.GetValue(2), CultureInfo.InvariantCulture) * 1000));
        var (file, position, gtid) = ParseBinlogPosition(row.GetString(3));
        var incremental = row.GetString(4) == "Y";
        var checks = new Dictionary<string, CheckResult>
        {
            [CheckNames.Complete] = CheckResult.Pass($"{(incremental ? "incremental" : "full")} backup recorded complete by xtrabackup --history"
                + (row.IsDBNull(6) ? "" : $", LSN {(row.IsDBNull(5) ? 0 : row.GetValue(5))} to {row.GetValue(6)}")),
        };
        return new ArtifactObservation($"{_server.Name}:PERCONA_SCHEMA.xtrabackup_history/{(name.Length > 0 ? name + "/" : "")}{uuid}",
            0, end, ArtifactStatus.Ok, checks, new DumpFacts(true, null, "xtrabackup", null, file, position, gtid), CompressionFormat.None);
    }

    /// <summary>XtraBackup's <c>binlog_pos</c>: <c>filename 'mysql-bin.000002', position '385', GTID of the last change '0-1-3'</c>.</summary>
    internal static (string? File, long? Position, string? Gtid) ParseBinlogPosition(string text)
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
