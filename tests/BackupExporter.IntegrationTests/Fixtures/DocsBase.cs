namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>The one base URL of the runbook and documentation links (docs/base-url).</summary>
public static class DocsBase
{
    private static readonly Lazy<string> Value = new(() => File.ReadLines(RepoPaths.Of("docs", "base-url")).First().Trim());

    public static string Url => Value.Value;
}
