using System.Text.Json;
using System.Text.RegularExpressions;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Alerting;

/// <summary>One PromQL expression that the project ships, and where it comes from.</summary>
public sealed record Expression(string Source, string Expr);

/// <summary>Every PromQL expression shipped: rules, Grafana dashboards (panels and variables), PMM alert templates.</summary>
public static partial class Expressions
{
    public static IReadOnlyList<Expression> All => [.. Rules, .. Dashboards, .. PmmTemplates];

    public static IEnumerable<Expression> Rules => RuleSet.Load().Select(r => new Expression($"{r.File}: {r.Alert ?? r.Record}", r.Expr));

    public static IEnumerable<Expression> Dashboards
    {
        get
        {
            foreach (var file in RepoPaths.Dashboards)
            {
                using var json = JsonDocument.Parse(File.ReadAllText(file));
                var name = Path.GetFileName(file);
                foreach (var panel in Panels(json.RootElement))
                    if (panel.TryGetProperty("targets", out var targets))
                        foreach (var target in targets.EnumerateArray())
                            if (target.TryGetProperty("expr", out var expr))
                                yield return new Expression($"{name}: panel \"{panel.GetProperty("title").GetString()}\" "
                                    + $"{target.GetProperty("refId").GetString()}",
                                    PromQl.WithoutGrafanaVariables(expr.GetString()!));
                // Query variables only: a datasource variable's query is a plugin id, not PromQL.
                foreach (var variable in json.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray()
                             .Where(v => v.GetProperty("type").GetString() == "query"))
                {
                    var query = variable.GetProperty("query");
                    var text = query.ValueKind == JsonValueKind.Object ? query.GetProperty("query").GetString()! : query.GetString()!;
                    // label_values(selector, label) is Grafana's, not PromQL: its selector is.
                    var m = LabelValues().Match(text);
                    yield return new Expression($"{name}: variable {variable.GetProperty("name").GetString()}",
                        PromQl.WithoutGrafanaVariables(m.Success ? m.Groups[1].Value : text));
                }
            }
        }
    }

    /// <summary>PMM alert templates: <c>[[ .param ]]</c> replaced by the parameter's default value.</summary>
    public static IEnumerable<Expression> PmmTemplates
    {
        get
        {
            var dir = RepoPaths.Of("deploy", "pmm");
            if (!Directory.Exists(dir))
                yield break;
            foreach (var file in Directory.GetFiles(dir, "*.yml").Order(StringComparer.Ordinal))
                foreach (var template in Yaml.Maps(Yaml.Load(file), "templates"))
                {
                    var values = Yaml.List(template.GetValueOrDefault("params")).ToDictionary(p => Yaml.Str(p, "name")!,
                        p => Yaml.Get(p, "value")?.ToString() ?? "");
                    var expr = PmmParameter().Replace((string)template["expr"]!, m => values[m.Groups[1].Value]);
                    yield return new Expression($"{Path.GetFileName(file)}: {template["name"]}", expr);
                }
        }
    }

    public static IEnumerable<JsonElement> Panels(JsonElement container)
    {
        if (!container.TryGetProperty("panels", out var panels))
            yield break;
        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            foreach (var inner in Panels(panel))
                yield return inner;
        }
    }

    [GeneratedRegex(@"^\s*label_values\((.+),\s*[a-zA-Z_][a-zA-Z0-9_]*\s*\)\s*$")]
    private static partial Regex LabelValues();

    [GeneratedRegex(@"\[\[\s*\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\]\]")]
    private static partial Regex PmmParameter();
}
