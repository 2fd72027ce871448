using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.ExceptionServices;
using BackupExporter.Configuration;
using MySqlConnector;
using BackupExporter.Inspection.Drills;

namespace BackupExporter.Restore;

/// <summary>How deep CHECK TABLE looks at every restored table.</summary>
internal enum TableCheck
{
    /// <summary><c>restore_test.check_tables: false</c>: no CHECK TABLE (the counts still read every row).</summary>
    Off,

    /// <summary>
    /// <c>CHECK TABLE ... QUICK</c>, for a logical restore: the sandbox wrote every page itself moments ago from the
    /// dump's statements, so the B-tree validation of the full check has nothing of the backup's to find; QUICK still
    /// reads every record of every index in order and compares the indexes' counts (InnoDB), in a third of the time.
    /// </summary>
    Quick,

    /// <summary>The full <c>CHECK TABLE</c>, for a physical restore: the pages are the backup's own.</summary>
    Full,
}

/// <summary>
/// What a drill checks on the restored copy: CHECK TABLE on every table (the text of its result, since the clients
/// exit 0 on corrupt or missing tables), schemas, tables and exact rows per schema, and the configured checks.
/// </summary>
internal static class RestoredVerifier
{
    private static readonly string[] SystemSchemas = ["mysql", "information_schema", "performance_schema", "sys"];

    // Tables per CHECK TABLE statement: one round trip for many small tables.
    private const int CheckBatch = 50;

    /// <summary>
    /// Two connections, because the load is over and the sandbox has the host's cores to itself: CHECK TABLE and
    /// COUNT(*) each read every table once, so running them side by side roughly halves the phase for one large
    /// table; both workers take the next job from one queue (a CHECK TABLE batch or one table's count), which spreads
    /// many tables evenly. A failed CHECK TABLE cancels the other worker and is what the drill reports.
    /// </summary>
    public static async Task<IReadOnlyList<DrillSchemaCount>> CountAsync(string connectionString, TableCheck check,
        CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var tables = await TablesAsync(connection, cancellationToken);
        var jobs = new ConcurrentQueue<Func<MySqlConnection, CancellationToken, Task>>();
        if (check != TableCheck.Off)
            foreach (var batch in tables.Chunk(CheckBatch))
                jobs.Enqueue((c, ct) => CheckTablesAsync(c, batch, check, ct));
        var rows = new ConcurrentDictionary<(string Schema, string Table), long>();
        foreach (var (schema, table) in tables)
            jobs.Enqueue(async (c, ct) => rows[(schema, table)] = await RowsOfAsync(c, schema, table, ct));
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = Task.WhenAll(WorkAsync(connection, jobs, failed), WorkAsync(connectionString, jobs, failed));
        try
        {
            await work;
        }
        catch when (work.Exception?.InnerExceptions.OfType<DrillFailedException>().FirstOrDefault() is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure); // the failed check, not the other worker's interrupted statement
        }
        var schemas = await SchemasAsync(connection, cancellationToken);
        return [.. schemas.Select(s =>
        {
            var counted = rows.Where(r => r.Key.Schema == s).ToDictionary(r => r.Key.Table, r => r.Value, StringComparer.Ordinal);
            return new DrillSchemaCount(s, tables.Count(t => t.Schema == s), counted.Values.Sum()) { TableRows = counted };
        })];
    }

    private static async Task WorkAsync(string connectionString, ConcurrentQueue<Func<MySqlConnection, CancellationToken, Task>> jobs,
        CancellationTokenSource failed)
    {
        if (jobs.IsEmpty)
            return;
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(failed.Token);
        await WorkAsync(connection, jobs, failed);
    }

    private static async Task WorkAsync(MySqlConnection connection, ConcurrentQueue<Func<MySqlConnection, CancellationToken, Task>> jobs,
        CancellationTokenSource failed)
    {
        try
        {
            while (jobs.TryDequeue(out var job))
                await job(connection, failed.Token);
        }
        catch (DrillFailedException)
        {
            await failed.CancelAsync(); // the other worker's statement is cancelled server-side (KILL QUERY)
            throw;
        }
        // Any other error (a count that cannot read its table) stops this worker only: the other one still finishes
        // its CHECK TABLE, whose reason says more than the count's error.
    }

    public static async Task<long> RowsOfAsync(MySqlConnection connection, string schema, string table, CancellationToken cancellationToken)
    {
        await using var count = new MySqlCommand($"SELECT COUNT(*) FROM {Quote(schema)}.{Quote(table)}", connection);
        return Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static string Quote(string name) => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";

    private static string NotSystem => string.Join(", ", SystemSchemas.Select(s => $"'{s}'"));

    private static async Task<List<string>> SchemasAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand($"SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN "
            + $"({NotSystem}) ORDER BY SCHEMA_NAME", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var schemas = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
            schemas.Add(reader.GetString(0));
        return schemas;
    }

    private static async Task<List<(string Schema, string Table)>> TablesAsync(MySqlConnection connection,
        CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(
            $"SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA NOT IN "
                + $"({NotSystem}) ORDER BY 1, 2",
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tables = new List<(string, string)>();
        while (await reader.ReadAsync(cancellationToken))
            tables.Add((reader.GetString(0), reader.GetString(1)));
        return tables;
    }

    /// <summary>Each table's last status row must read OK (or "Table is already up to date"); any error row fails it.</summary>
    private static async Task CheckTablesAsync(MySqlConnection connection, IReadOnlyList<(string Schema, string Table)> tables,
        TableCheck check, CancellationToken cancellationToken)
    {
        var list = string.Join(", ", tables.Select(t => $"{Quote(t.Schema)}.{Quote(t.Table)}"));
        await using var command = new MySqlCommand($"CHECK TABLE {list}{(check == TableCheck.Quick ? " QUICK" : "")}", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var problems = new List<string>();
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var table = reader.GetString(0);
            var type = reader.GetString(2);
            var text = reader.IsDBNull(3) ? "" : reader.GetString(3);
            if (type.Equals("error", StringComparison.OrdinalIgnoreCase))
                errors.TryAdd(table, text);
            else if (type.Equals("status", StringComparison.OrdinalIgnoreCase)
                     && !text.Equals("OK", StringComparison.OrdinalIgnoreCase)
                     && !text.Equals("Table is already up to date", StringComparison.OrdinalIgnoreCase))
                problems.Add($"{table}: {(errors.TryGetValue(table, out var error) ? error : text)}");
        }
        problems.AddRange(errors.Where(e => !problems.Any(p => p.StartsWith(e.Key + ":", StringComparison.Ordinal)))
            .Select(e => $"{e.Key}: {e.Value}"));
        if (problems.Count > 0)
            throw new DrillFailedException(DrillPhases.Verify, $"CHECK TABLE failed for {problems.Count} table(s): "
                + $"{string.Join("; ", problems.Take(5))}");
    }

    /// <summary>Runs each configured check; a value outside its bounds, no value, or an SQL error fails it.</summary>
    public static async Task<IReadOnlyList<DrillCheckResult>> RunChecksAsync(MySqlConnection connection, IReadOnlyList<RestoreCheck> checks,
        CancellationToken cancellationToken)
    {
        var results = new List<DrillCheckResult>();
        foreach (var check in checks)
        {
            try
            {
                await using var command = new MySqlCommand(check.Sql, connection);
                var value = await command.ExecuteScalarAsync(cancellationToken);
                if (value is null or DBNull)
                {
                    results.Add(new DrillCheckResult(check.Sql, null, false, "returned no value"));
                    continue;
                }
                var text = Convert.ToString(value, CultureInfo.InvariantCulture)!;
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    results.Add(new DrillCheckResult(check.Sql, text, false, $"returned \"{text}\", not a number"));
                    continue;
                }
                string? problem = null;
                if (check.Min is { } min && number < min)
                    problem = $"returned {text}, below min {min.ToString(CultureInfo.InvariantCulture)}";
                else if (check.Max is { } max && number > max)
                    problem = $"returned {text}, above max {max.ToString(CultureInfo.InvariantCulture)}";
                results.Add(new DrillCheckResult(check.Sql, text, problem is null, problem));
            }
            catch (MySqlException e)
            {
                results.Add(new DrillCheckResult(check.Sql, null, false, $"ERROR {e.Number}: {e.Message}"));
            }
        }
        return results;
    }

    /// <summary>
    /// Compares the counts with the previous successful drill's: a schema whose tables or rows fell by more than
    /// <paramref name="maxShrink"/> (or that vanished), or a table whose rows did, is a collapse; null when there is
    /// none. A table that is gone is not one by itself (tables are dropped on purpose): <see cref="TableChanges"/>
    /// says it, and its schema's counts still fail when too much went with it.
    /// </summary>
    public static string? Collapse(IReadOnlyList<DrillSchemaCount> now, DrillRecord? previous, double maxShrink)
    {
        if (previous is null) return null;
        var problems = new List<string>();
        foreach (var before in previous.Schemas)
        {
            var after = now.FirstOrDefault(s => s.Schema == before.Schema);
            if (after is null)
            {
                problems.Add($"schema {before.Schema} is gone ({before.Tables} tables, {before.Rows} rows in the drill "
                    + $"of {previous.StartedAt:u})");
                continue;
            }
            if (Shrank(before.Tables, after.Tables, maxShrink))
                problems.Add($"{before.Schema}: tables fell from {before.Tables} to {after.Tables}");
            if (Shrank(before.Rows, after.Rows, maxShrink))
                problems.Add($"{before.Schema}: rows fell from {before.Rows} to {after.Rows}");
            foreach (var (table, rows) in before.TableRows.OrderBy(t => t.Key, StringComparer.Ordinal))
                if (after.TableRows.TryGetValue(table, out var left) && Shrank(rows, left, maxShrink))
                    problems.Add($"table {before.Schema}.{table}: rows fell from {rows} to {left}");
        }
        return problems.Count == 0 ? null
            : $"the restored data shrank by more than max_shrink {FractionParser.Format(maxShrink)} against the drill "
                + $"of {previous.StartedAt:u}: {string.Join("; ", problems)}";
    }

    /// <summary>Tables and schemas new or gone since the previous successful drill: said, not failed.</summary>
    public static IReadOnlyList<string> TableChanges(IReadOnlyList<DrillSchemaCount> now, DrillRecord? previous)
    {
        if (previous is null) return [];
        var notes = new List<string>();
        foreach (var after in now)
        {
            var before = previous.Schemas.FirstOrDefault(s => s.Schema == after.Schema);
            if (before is null)
            {
                notes.Add($"schema {after.Schema} is new since the drill of {previous.StartedAt:u} ({after.Tables} tables, "
                    + $"{after.Rows} rows)");
                continue;
            }
            if (before.TableRows.Count == 0)
                continue; // a drill of an older version counted per schema only
            foreach (var (table, rows) in before.TableRows.Where(t => !after.TableRows.ContainsKey(t.Key)).OrderBy(t => t.Key,
                         StringComparer.Ordinal))
                notes.Add($"table {after.Schema}.{table} is gone since the drill of {previous.StartedAt:u} (it had {rows} rows)");
            foreach (var (table, rows) in after.TableRows.Where(t => !before.TableRows.ContainsKey(t.Key)).OrderBy(t => t.Key,
                         StringComparer.Ordinal))
                notes.Add($"table {after.Schema}.{table} is new since the drill of {previous.StartedAt:u} ({rows} rows)");
        }
        return notes;
    }

    private static bool Shrank(long before, long after, double maxShrink) => before > 0 && after < before * (1 - maxShrink);
}
