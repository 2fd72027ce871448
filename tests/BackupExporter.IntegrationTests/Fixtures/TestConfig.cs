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
}
