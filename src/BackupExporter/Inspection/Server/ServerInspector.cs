using BackupExporter.Configuration;
using BackupExporter.Scheduling;
using MySqlConnector;

namespace BackupExporter.Inspection.Server;

/// <summary>
/// Inspects one MySQL/MariaDB server over one short session: identity, binary logs and their retention, threads
/// blocked behind backup locks, backup sessions in progress. A dead server is an observation (up = 0), not a failure.
/// </summary>
internal sealed class ServerInspector : IInspection
{
    private readonly ServerConfig _server;
    private readonly TimeProvider _clock;

    public ServerInspector(ServerConfig server, TimeProvider clock)
    {
        _server = server;
        _clock = clock;
    }

    public string Name => InspectionNames.Server(_server.Name);

    public TimeSpan Interval => _server.Interval;

    public TimeSpan Timeout => _server.Timeout;

    public async Task<IObservation> RunAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var problems = new List<string>();
        string connectionString;
        try
        {
            (connectionString, var warnings) = ServerCredentials.Build(_server);
            problems.AddRange(warnings);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ServerObservation.Down(_server.Name, now, $"cannot read the credentials: {e.Message}", problems);
        }

        await using var connection = new MySqlConnection(connectionString);
        string version, flavor;
        bool binlogEnabled;
        try
        {
            await connection.OpenAsync(cancellationToken);
            (version, flavor, binlogEnabled) = await IdentityAsync(connection, cancellationToken);
        }
        catch (MySqlException e)
        {
            return ServerObservation.Down(_server.Name, now, Describe(e), problems);
        }

        var retention = await Optional(() => RetentionAsync(connection, cancellationToken), "binlog retention", "no privilege (any account can read variables)", problems);
        var binlogs = binlogEnabled
            ? await Optional(() => BinaryLogsAsync(connection, cancellationToken), ServerQueries.BinaryLogs, ServerQueries.BinaryLogsPrivilege(flavor), problems)
            : [];
        var processes = await Optional(() => ProcessListAsync(connection, cancellationToken), "the process list", ServerQueries.ProcessListPrivilege, problems);

        DateTimeOffset? oldest = null;
        if (_server.BinlogDirectory is { } directory && binlogs is [var first, ..])
        {
            (oldest, var problem) = BinlogHeader.FirstEventTime(Path.Combine(directory, Path.GetFileName(first.Name)));
            if (problem is not null)
                problems.Add(problem);
        }

        return new ServerObservation(_server.Name, now, true, null, version, flavor, binlogEnabled, binlogs, retention, oldest,
            processes?.Blocked, processes?.BackupSessions, problems);
    }

    private static async Task<(string Version, string Flavor, bool BinlogEnabled)> IdentityAsync(MySqlConnection c, CancellationToken ct)
    {
        await using var command = new MySqlCommand(ServerQueries.Identity, c);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var version = reader.GetString(0);
        var comment = reader.IsDBNull(1) ? "" : reader.GetString(1);
        var flavor = version.Contains("MariaDB", StringComparison.OrdinalIgnoreCase) || comment.Contains("MariaDB", StringComparison.OrdinalIgnoreCase)
            ? "mariadb" : "mysql";
        return (version, flavor, Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture) == 1);
    }

    private static async Task<double> RetentionAsync(MySqlConnection c, CancellationToken ct)
    {
        var variables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        await using var command = new MySqlCommand(ServerQueries.Retention, c);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            variables[reader.GetString(0)] = reader.GetString(1);
        return RetentionPolicy.Seconds(variables);
    }

    private static async Task<IReadOnlyList<BinlogFile>> BinaryLogsAsync(MySqlConnection c, CancellationToken ct)
    {
        var files = new List<BinlogFile>();
        await using var command = new MySqlCommand(ServerQueries.BinaryLogs, c);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var name = reader.GetOrdinal("Log_name");
        var size = reader.GetOrdinal("File_size");
        while (await reader.ReadAsync(ct))
            files.Add(new BinlogFile(reader.GetString(name), Convert.ToInt64(reader.GetValue(size), System.Globalization.CultureInfo.InvariantCulture)));
        return files;
    }

    private sealed record Processes(IReadOnlyDictionary<string, int> Blocked, int BackupSessions);

    private static async Task<Processes> ProcessListAsync(MySqlConnection c, CancellationToken ct)
    {
        var blocked = ServerObservation.Waits.ToDictionary(w => w.Label, _ => 0);
        var sessions = 0;
        await using var command = new MySqlCommand(ServerQueries.ProcessList, c);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var state = reader.GetString(0);
            foreach (var (label, waitState) in ServerObservation.Waits)
                if (state.StartsWith(waitState, StringComparison.OrdinalIgnoreCase))
                    blocked[label]++;
            if (BackupSessionSignature.Matches(reader.GetString(1)))
                sessions++;
        }
        return new Processes(blocked, sessions);
    }

    /// <summary>Runs one optional part; a failure (a missing privilege, say) is recorded and the part left null.</summary>
    private static async Task<T?> Optional<T>(Func<Task<T>> part, string what, string privilege, List<string> problems)
    {
        try
        {
            return await part();
        }
        catch (MySqlException e) when (e.Number is 1044 or 1045 or 1142 or 1227) // the access and privilege errors
        {
            problems.Add($"cannot read {what}: {e.Message} (grant {privilege})");
        }
        catch (MySqlException e)
        {
            problems.Add($"cannot read {what}: {Describe(e)}");
        }
        return default;
    }

    private static string Describe(MySqlException e) => e.Number != 0 ? $"{e.Message} (error {e.Number})" : e.Message;
}
