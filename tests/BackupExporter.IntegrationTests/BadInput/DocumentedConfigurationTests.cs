using System.Text.RegularExpressions;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.BadInput;

/// <summary>The configuration examples in the documentation are valid, as the real <c>check-config</c> judges them.</summary>
public sealed partial class DocumentedConfigurationTests
{
    [Fact]
    public async Task The_full_example_of_configuration_md_passes_check_config()
    {
        var text = await File.ReadAllTextAsync(RepoPaths.Of("docs", "configuration.md"));
        var full = FullExample().Match(text);
        Assert.True(full.Success, "docs/configuration.md has no \"A full example\" YAML block");
        using var dir = new TempConfig();
        var path = dir.Write("full.yml", full.Groups[1].Value);
        var r = await ExporterProcess.RunCliAsync("check-config", "--config.file=" + path);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("valid (3 backup sets, 1 server)", r.Stdout);
    }

    private sealed class TempConfig : IDisposable
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("backup-exporter-docs-").FullName;

        public string Write(string name, string content)
        {
            var path = Path.Combine(_directory, name);
            File.WriteAllText(path, content);
            return path;
        }

        public void Dispose() => Directory.Delete(_directory, recursive: true);
    }

    [GeneratedRegex(@"## A full example\s+```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex FullExample();
}
