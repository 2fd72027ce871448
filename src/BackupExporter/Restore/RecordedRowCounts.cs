using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using BackupExporter.Configuration;
using BackupExporter.Inspection.Drills;

namespace BackupExporter.Restore;

/// <summary>
/// The row counts a backup records of itself, per table, which a drill compares with what it restored: mydumper
/// 0.11 and later write a <c>[`db`.`table`]</c> section with <c>rows = N</c> per table in <c>metadata</c>; MySQL Shell
/// writes <c>tableRows</c> (schema, then table, then rows) in <c>@.done.json</c>. mydumper 0.10 records none.
/// </summary>
internal static partial class RecordedRowCounts
{
    /// <summary>Where the counts came from, for the drill's reason.</summary>
    public sealed record Counts(string Source, IReadOnlyDictionary<(string Schema, string Table), long> Rows);

    [GeneratedRegex(@"^\[(?<q>[`""])(?<db>.+)\k<q>\.\k<q>(?<table>.+)\k<q>\]$", RegexOptions.CultureInvariant)]
    private static partial Regex TableSection();

    [GeneratedRegex(@"^(?<key>[A-Za-z_]+)\s*=\s*(?<value>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Entry();

    /// <returns>null when the backup records no counts (or its kind has no such record)</returns>
    /// <exception cref="IOException">the record is there but cannot be read</exception>
    public static Counts? Read(BackupKind kind, string artifactPath) => kind switch
    {
        BackupKind.Mydumper => Mydumper(Path.Combine(artifactPath, "metadata")),
        BackupKind.Mysqlsh => Mysqlsh(Path.Combine(artifactPath, "@.done.json")),
        _ => null,
    };

    private static Counts? Mydumper(string path)
    {
        if (!File.Exists(path))
            return null;
        var rows = new Dictionary<(string, string), long>();
        (string Schema, string Table)? section = null;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.StartsWith('['))
            {
                var m = TableSection().Match(line);
                section = m.Success ? (Unquote(m.Groups["db"].Value, m.Groups["q"].Value), Unquote(m.Groups["table"].Value,
                    m.Groups["q"].Value)) : null;
                continue;
            }
            if (section is not { } table || Entry().Match(line) is not { Success: true } entry)
                continue;
            var key = entry.Groups["key"].Value;
            var value = entry.Groups["value"].Value.Trim().Trim('"');
            if (key.Equals("rows", StringComparison.OrdinalIgnoreCase)
                && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                rows[table] = n;
        }
        return rows.Count == 0 ? null : new Counts($"{path} (rows = per table)", rows);
    }

    private static string Unquote(string name, string quote) => name.Replace(quote + quote, quote, StringComparison.Ordinal);

    private static Counts? Mysqlsh(string path)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("tableRows", out var schemas) || schemas.ValueKind != JsonValueKind.Object)
                return null;
            var rows = new Dictionary<(string, string), long>();
            foreach (var schema in schemas.EnumerateObject().Where(s => s.Value.ValueKind == JsonValueKind.Object))
                foreach (var table in schema.Value.EnumerateObject())
                    if (table.Value.ValueKind == JsonValueKind.Number && table.Value.TryGetInt64(out var n))
                        rows[(schema.Name, table.Name)] = n;
            return rows.Count == 0 ? null : new Counts($"{path} (tableRows)", rows);
        }
        catch (JsonException e)
        {
            throw new IOException($"{path} is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>
    /// Tables the restored copy holds fewer rows of than the backup recorded: each names the table and both counts.
    /// A table with more rows than recorded is not a loss (the record may be an estimate); one that is missing is.
    /// </summary>
    public static IReadOnlyList<string> Losses(Counts recorded, IReadOnlyList<DrillSchemaCount> restored)
    {
        var problems = new List<string>();
        foreach (var ((schema, table), rows) in recorded.Rows.OrderBy(r => r.Key.Schema, StringComparer.Ordinal)
                     .ThenBy(r => r.Key.Table, StringComparer.Ordinal))
        {
            var after = restored.FirstOrDefault(s => s.Schema == schema)?.TableRows;
            if (after is null || !after.TryGetValue(table, out var got))
                problems.Add($"{schema}.{table}: the backup records {rows} rows, but the table is not in the restored copy");
            else if (got < rows)
                problems.Add($"{schema}.{table}: the backup records {rows} rows, {got} restored");
        }
        return problems;
    }
}
