using System.Text;

namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>Writes exporter configuration files for the tests, with short intervals so verdicts come quickly.</summary>
public static class TestConfig
{
    public static string Write(string path, IEnumerable<(string Name, string Directory, string Extra)> sets, string interval = "1s")
    {
        var yaml = new StringBuilder($"global:\n  interval: {interval}\n  timeout: 30s\n  settle_time: 0s\nbackups:\n");
        foreach (var (name, directory, extra) in sets)
        {
            yaml.Append($"  - name: {name}\n    kind: mysqldump\n    path: {directory}\n");
            foreach (var line in extra.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                yaml.Append("    ").Append(line.Trim()).Append('\n');
        }
        File.WriteAllText(path, yaml.ToString());
        return path;
    }

    /// <summary>
    /// The start of a configuration that watches <paramref name="server"/> as server "db" over its socket as root,
    /// inspecting every second: the test adds its <c>backups:</c>. <paramref name="global"/> and
    /// <paramref name="serverKeys"/> are further "key: value" lines for those two mappings.
    /// </summary>
    public static string WithServerDb(MariaDbServer server, string settleTime = "0s", string[]? global = null, string[]? serverKeys = null)
    {
        var yaml = new StringBuilder($"global:\n  interval: 1s\n  settle_time: {settleTime}\n");
        foreach (var line in global ?? [])
            yaml.Append("  ").Append(line).Append('\n');
        yaml.Append($"servers:\n  - name: db\n    socket: {server.SocketPath}\n    user: root\n");
        foreach (var line in serverKeys ?? [])
            yaml.Append("    ").Append(line).Append('\n');
        return yaml.ToString().TrimEnd('\n');
    }

    /// <summary>
    /// The configuration most server tests start from, written to <paramref name="configPath"/>: <see cref="WithServerDb"/>
    /// and one backup set, "nightly", linked to "db", in <paramref name="dumps"/> (made here) holding one real gzip
    /// dump of the shop, <paramref name="dumpName"/>, last modified <paramref name="age"/> ago.
    /// </summary>
    public static async Task<string> WriteNightlyWithServerDbAsync(MariaDbServer server, string configPath, string dumps, string dumpName,
        TimeSpan age, string[]? global = null, string[]? serverKeys = null)
    {
        Directory.CreateDirectory(dumps);
        await DumpMaker.DumpAsync(server, Path.Combine(dumps, dumpName), modified: DateTimeOffset.UtcNow - age);
        await File.WriteAllTextAsync(configPath, $"""
            {WithServerDb(server, global: global, serverKeys: serverKeys)}
            backups:
              - name: nightly
                server: db
                kind: mysqldump
                path: {dumps}
            """);
        return configPath;
    }
}
