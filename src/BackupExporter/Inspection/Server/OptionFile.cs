namespace BackupExporter.Inspection.Server;

/// <summary>The <c>[client]</c> section of a MySQL option file (my.cnf), as the mysql client reads it.</summary>
internal static class OptionFile
{
    public static IReadOnlyDictionary<string, string> ClientSection(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var inClient = false;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
                continue;
            if (line[0] == '[')
            {
                inClient = line.Equals("[client]", StringComparison.OrdinalIgnoreCase);
                continue;
            }
            if (!inClient)
                continue;
            var eq = line.IndexOf('=');
            var key = (eq < 0 ? line : line[..eq]).Trim().Replace('_', '-');
            var value = eq < 0 ? "" : Unquote(line[(eq + 1)..].Trim());
            values[key] = value;
        }
        return values;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] is '"' or '\'') && value[^1] == value[0] ? value[1..^1] : value;
}
