namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>Files of the repository the tests check (rules, dashboards, deploy), found above the test binaries.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "BackupExporter.sln")))
                return directory.FullName;
        throw new InvalidOperationException($"BackupExporter.sln not found above {AppContext.BaseDirectory}");
    });

    public static string Root => RootPath.Value;

    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string AlertRules => Of("alert-rules");

    /// <summary>The shipped rule files (not the tests' own example of a site's file).</summary>
    public static IReadOnlyList<string> RuleFiles => [.. Directory.GetFiles(AlertRules, "*.rules.yml").Order(StringComparer.Ordinal)];

    /// <summary>The rule files a site's Prometheus evaluates: all but the fleet rules (docs/fleet.md).</summary>
    public static IReadOnlyList<string> PerHostRuleFiles => [.. RuleFiles.Where(f => !IsFleetRuleFile(f))];

    /// <summary>The fleet rules, made from mixin/: evaluated where every host's series meet.</summary>
    public static bool IsFleetRuleFile(string path) => Path.GetFileName(path).StartsWith("fleet", StringComparison.Ordinal);

    public static IReadOnlyList<string> RuleTestFiles => [.. Directory.GetFiles(Path.Combine(AlertRules, "tests"), "*.test.yml")
        .Order(StringComparer.Ordinal)];

    public static IReadOnlyList<string> Dashboards => [.. Directory.GetFiles(Of("dashboards"), "*.json").Order(StringComparer.Ordinal)];
}
