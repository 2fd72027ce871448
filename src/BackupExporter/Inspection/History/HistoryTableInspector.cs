using System.Globalization;
using BackupExporter.Configuration;
using BackupExporter.Inspection.Server;
using MySqlConnector;

namespace BackupExporter.Inspection.History;

/// <summary>
/// A backup set whose artifacts are the rows a backup tool writes into a history table on the set's server
/// (<c>kind: xtrabackup_history</c>, <c>kind: meb</c>). One query per round, on the newest
/// <see cref="MaxRows"/> rows: the table only grows, and rows of backups deleted long ago say nothing about today.
/// </summary>
internal abstract class HistoryTableInspector : IInspection
{
    /// <summary>Rows read per round, newest first; a year of hourly backups is far fewer.</summary>
    internal const int MaxRows = 1000;

    private readonly BackupSetConfig _set;
    private readonly TimeProvider _clock;
    private readonly DateTimeOffset _watchingSince;

    protected HistoryTableInspector(BackupSetConfig set, ServerConfig server, TimeProvider clock)
    {
        _set = set;
        Server = server;
        _clock = clock;
        _watchingSince = clock.GetUtcNow();
    }

    protected ServerConfig Server { get; }

    /// <summary>The schema-qualified tables the tool may write, tried in this order until one exists.</summary>
    protected abstract IReadOnlyList<string> Tables { get; }

    /// <summary>The SELECT of one table, newest rows first, limited to <see cref="MaxRows"/>.</summary>
    protected abstract string Query(string table);

    /// <summary>What to do when no table exists (the tool never wrote history).</summary>
    protected abstract string MissingTableHint { get; }

    protected abstract ArtifactObservation Row(MySqlDataReader row, string table);

    // The table found last time is asked first: the others would fail every round.
    private int _found;

    public string Name => InspectionNames.Backup(_set.Name);

    public TimeSpan Interval => _set.Interval;

    public TimeSpan Timeout => _set.Timeout;

    public async Task<IObservation> RunAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var (connectionString, _) = ServerCredentials.Build(Server);
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken); // a dead server fails the inspection: the last rows stay visible

        var artifacts = new List<ArtifactObservation>();
        string? problem = null;
        for (var attempt = 0; attempt < Tables.Count; attempt++)
        {
            var index = (_found + attempt) % Tables.Count;
            var table = Tables[index];
            try
            {
                await using var command = new MySqlCommand(Query(table), connection);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                    artifacts.Add(Row(reader, table));
                _found = index;
                problem = null;
                break;
            }
            catch (MySqlException e) when (e.Number is 1146 or 1049)
            {
                problem = $"{string.Join(" or ", Tables)} does not exist on server {Server.Name}: {MissingTableHint}";
            }
            catch (MySqlException e) when (e.Number is 1142 or 1044)
            {
                problem = $"cannot read {table} on server {Server.Name}: {e.Message} (grant SELECT ON {table})";
                break;
            }
        }

        artifacts.Reverse(); // observations list artifacts oldest first
        return new BackupSetObservation(_set.Name, now, problem, artifacts, null, null, _watchingSince);
    }

    protected static DateTimeOffset? UnixTime(MySqlDataReader row, int ordinal) =>
        row.IsDBNull(ordinal) ? null
            : DateTimeOffset.FromUnixTimeMilliseconds((long)(Convert.ToDouble(row.GetValue(ordinal), CultureInfo.InvariantCulture) * 1000));

    protected static long? Long(MySqlDataReader row, int ordinal) =>
        row.IsDBNull(ordinal) ? null : Convert.ToInt64(row.GetValue(ordinal), CultureInfo.InvariantCulture);

    protected static string? Text(MySqlDataReader row, int ordinal) =>
        row.IsDBNull(ordinal) ? null : Convert.ToString(row.GetValue(ordinal), CultureInfo.InvariantCulture);
}
