using BackupExporter.Configuration;
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

    /// <summary>A server that does not answer in time is down: its binlogs, and the PITR coverage they give, are unknown.</summary>
    public IObservation TimedOut(string reason, DateTimeOffset at) => ServerObservation.Down(_server.Name, at, reason, []);

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
        ServerVersion? parsed;
        bool binlogEnabled;
        try
        {
            await connection.OpenAsync(cancellationToken);
            (version, var comment, binlogEnabled) = await IdentityAsync(connection, cancellationToken);
            parsed = ServerVersion.Parse(version, comment);
            flavor = ServerVersion.FlavorOf(version, comment);
        }
        catch (MySqlException e)
        {
            return ServerObservation.Down(_server.Name, now, Describe(e), problems);
        }

        var retention = await Optional(() => RetentionAsync(connection, parsed, cancellationToken), "binlog retention", "no privilege (any "
            + "account can read variables)", problems);
        var binlogs = binlogEnabled
            ? await Optional(() => BinaryLogsAsync(connection, cancellationToken), ServerQueries.BinaryLogs,
                ServerQueries.BinaryLogsPrivilege(flavor), problems)
            : [];
        var processes = await Optional(() => ProcessListAsync(connection, cancellationToken), "the process list",
            ServerQueries.ProcessListPrivilege, problems);

        DateTimeOffset? oldest = null;
        if (_server.BinlogDirectory is { } directory && binlogs is [var first, ..])
        {
            (oldest, var problem) = BinlogHeader.FirstEventTime(Path.Combine(directory, Path.GetFileName(first.Name)));
            if (problem is not null)
                problems.Add(problem);
        }

        return new ServerObservation
        {
            Name = _server.Name,
            ObservedAt = now,
            Up = true,
            Version = version,
            Flavor = flavor,
            BinlogEnabled = binlogEnabled,
            Binlogs = binlogs,
            RetentionSeconds = retention,
            OldestBinlogTime = oldest,
            BlockedThreads = processes?.Blocked,
            BackupSessions = processes?.BackupSessions,
            Problems = problems,
        };
    }

    private static async Task<(string Version, string? Comment, bool BinlogEnabled)> IdentityAsync(MySqlConnection c, CancellationToken ct)
    {
        await using var command = new MySqlCommand(ServerQueries.Identity, c);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
            Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture) == 1);
    }

    private static async Task<double> RetentionAsync(MySqlConnection c, ServerVersion? version, CancellationToken ct)
    {
        var variables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (version is not null)
        {
            try
            {
                await using var select = new MySqlCommand(version.RetentionQuery, c);
                await using var row = await select.ExecuteReaderAsync(ct);
                if (await row.ReadAsync(ct))
                    for (var i = 0; i < row.FieldCount; i++)
                        variables[row.GetName(i)] = Convert.ToString(row.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)
                            ?? "";
                return RetentionPolicy.Seconds(variables);
            }
            catch (MySqlException e) when (e.Number == 1193) // unknown system variable: a build that differs from its version
            {
            }
        }
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
            files.Add(new BinlogFile(reader.GetString(name), Convert.ToInt64(reader.GetValue(size),
                System.Globalization.CultureInfo.InvariantCulture)));
        return files;
    }

    private sealed record Processes(IReadOnlyDictionary<string, int> Blocked, int BackupSessions);

    private static async Task<Processes> ProcessListAsync(MySqlConnection c, CancellationToken ct)
    {
        var blocked = ServerObservation.Waits.ToDictionary(w => w.Label, _ => 0);
        var sessions = 0;
        var otherUsers = false;
        var me = new MySqlConnectionStringBuilder(c.ConnectionString).UserID;
        await using (var command = new MySqlCommand(ServerQueries.ProcessList, c))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            var (id, user, stateColumn, info) = (reader.GetOrdinal("Id"), reader.GetOrdinal("User"), reader.GetOrdinal("State"),
                reader.GetOrdinal("Info"));
            while (await reader.ReadAsync(ct))
            {
                if (Convert.ToInt64(reader.GetValue(id), System.Globalization.CultureInfo.InvariantCulture) == c.ServerThread)
                    continue;
                otherUsers |= !reader.IsDBNull(user) && reader.GetString(user) != me;
                var state = reader.IsDBNull(stateColumn) ? "" : reader.GetString(stateColumn);
                foreach (var (label, waitState) in ServerObservation.Waits)
                    if (state.StartsWith(waitState, StringComparison.OrdinalIgnoreCase))
                        blocked[label]++;
                if (!reader.IsDBNull(info) && BackupSessionSignature.Matches(reader.GetString(info)))
                    sessions++;
            }
        }
        if (!otherUsers)
        {
            await using var check = new MySqlCommand(ServerQueries.HasProcessPrivilege, c);
            if (Convert.ToInt64(await check.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 0)
                throw new MissingPrivilegeException("the process list shows only this account's own sessions");
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
        // The access and privilege errors, and a part that came back without them but short of what PROCESS shows.
        catch (Exception e) when (e is MySqlException { Number: 1044 or 1045 or 1142 or 1227 } or MissingPrivilegeException)
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

/// <summary>A part the server answered without an error, but with less than the account would see with the privilege.</summary>
internal sealed class MissingPrivilegeException(string message) : Exception(message);
