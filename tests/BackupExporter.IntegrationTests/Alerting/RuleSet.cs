using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Alerting;

/// <summary>One rule of the shipped rule files: an alert or a recording rule.</summary>
public sealed record Rule(string File, string Group, string? Alert, string? Record, string Expr, string? For,
    IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations);

/// <summary>The rules of alert-rules/*.rules.yml, read as YAML.</summary>
public static class RuleSet
{
    /// <summary>Where every runbook link points: docs/base-url, which scripts/set-docs-url changes for a site.</summary>
    public static string RunbookBase => DocsBase.Url + "/runbooks.md#";

    public static IReadOnlyList<Rule> Load(IEnumerable<string>? files = null)
    {
        var rules = new List<Rule>();
        foreach (var file in files ?? RepoPaths.RuleFiles)
            foreach (var group in Yaml.Maps(Yaml.Load(file), "groups"))
                foreach (var rule in Yaml.List(group.GetValueOrDefault("rules")))
                    rules.Add(new Rule(Path.GetFileName(file), (string)group["name"]!, Yaml.Str(rule, "alert"), Yaml.Str(rule, "record"),
                        Yaml.Str(rule, "expr") ?? "", Yaml.Str(rule, "for"), Strings(Yaml.Get(rule, "labels")),
                            Strings(Yaml.Get(rule, "annotations"))));
        return rules;
    }

    public static IReadOnlyList<Rule> Alerts => [.. Load().Where(r => r.Alert is not null)];

    private static Dictionary<string, string> Strings(object? node) => Yaml.Map(node)
        .ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? "");
}
