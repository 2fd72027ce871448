using System.Text.RegularExpressions;
using BackupExporter.IntegrationTests.Alerting;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Integrations;

/// <summary>
/// deploy/zabbix: every Prometheus pattern of the template, and every item prototype of every backup set and server
/// that its discovery rules find, takes a value from the /metrics of a running exporter, as Zabbix would.
/// </summary>
[Collection(ExporterWithServerCollection.Name)]
public sealed partial class ZabbixTemplateTests
{
    private static readonly string TemplateFile = RepoPaths.Of("deploy", "zabbix", "backup-exporter-template.yml");
    private readonly PrometheusText _metrics;

    public ZabbixTemplateTests(ExporterWithServer exporter) => _metrics = new PrometheusText(exporter.Metrics);

    private static IReadOnlyDictionary<string, object?> Template =>
        Yaml.Map(Yaml.List(Yaml.Get(Yaml.Get(Yaml.Load(TemplateFile), "zabbix_export"), "templates")).Single());

    /// <summary>The item's pattern step has an error handler (a custom value, or discard) for a pattern that finds nothing.</summary>
    private static bool HandlesNoMatch(object? item) =>
        Yaml.List(Yaml.Get(item, "preprocessing")).Any(step => Yaml.Str(step, "type") == "PROMETHEUS_PATTERN"
            && Yaml.Str(step, "error_handler") is "DISCARD_VALUE" or "CUSTOM_VALUE");

    private static (string Pattern, string Mode, string Parameter)? PatternOf(object? item)
    {
        foreach (var step in Yaml.List(Yaml.Get(item, "preprocessing")))
            if (Yaml.Str(step, "type") == "PROMETHEUS_PATTERN")
            {
                var p = Yaml.List(Yaml.Get(step, "parameters")).Cast<string>().ToList();
                return (p[0], p[1], p[2]);
            }
        return null;
    }

    /// <summary>Fails unless the pattern takes a value from /metrics the way its mode needs.</summary>
    private void AssertValue(string what, string pattern, string mode, string parameter)
    {
        var p = new ZabbixPattern(pattern);
        if (p.Name is { } name && NotExportedYet.Names.Contains(name))
            return; // read, but not exported yet: see NotExportedYet
        var matches = p.Select(_metrics).ToList();
        switch (mode)
        {
            case "value":
                Assert.True(matches.Count == 1, $"{what}: {pattern} matches {matches.Count} lines; a value item needs exactly one");
                break;
            case "label":
                Assert.True(matches.Count == 1 && matches[0].Labels.ContainsKey(parameter), $"{what}: {pattern} has no single line "
                    + $"with label {parameter}");
                break;
            case "function":
                Assert.Contains(parameter, (string[])["sum", "min", "max", "avg", "count"]);
                Assert.True(matches.Count >= 1, $"{what}: {pattern} matches nothing");
                break;
            default:
                Assert.Fail($"{what}: unknown result mode {mode}");
                break;
        }
    }

    [Fact]
    public void Every_item_finds_its_value_in_a_running_exporter()
    {
        var items = Yaml.List(Template.GetValueOrDefault("items"));
        var master = items.Single(i => Yaml.Str(i, "type") == "HTTP_AGENT");
        Assert.Equal("{$BACKUP_EXPORTER.URL}", Yaml.Str(master, "url"));
        Assert.Equal("TEXT", Yaml.Str(master, "value_type"));
        var dependent = items.Where(i => i != master).ToList();
        Assert.NotEmpty(dependent);
        foreach (var item in dependent)
        {
            Assert.Equal(Yaml.Str(master, "key"), Yaml.Str(Yaml.Get(item, "master_item"), "key"));
            var (pattern, mode, parameter) = PatternOf(item) ?? throw new InvalidOperationException($"{Yaml.Str(item, "key")}: "
                + $"no Prometheus pattern");
            AssertValue(Yaml.Str(item, "key")!, pattern, mode, parameter);
        }
    }

    [Fact]
    public void Discovery_finds_every_set_and_server_and_each_of_their_items_finds_its_value()
    {
        var discovered = new Dictionary<string, List<string>>();
        foreach (var rule in Yaml.List(Template.GetValueOrDefault("discovery_rules")))
        {
            var key = Yaml.Str(rule, "key")!;
            var toJson = Yaml.List(Yaml.Get(rule, "preprocessing")).Single(s => Yaml.Str(s, "type") == "PROMETHEUS_TO_JSON");
            var entities = new ZabbixPattern((string)Yaml.List(Yaml.Get(toJson, "parameters"))[0]!).Select(_metrics).ToList();
            Assert.True(entities.Count > 0, $"{key} discovers nothing");
            var macros = Yaml.List(Yaml.Get(rule, "lld_macro_paths"))
                .Select(m => (Macro: Yaml.Str(m, "lld_macro")!, Label: JsonPathLabel().Match(Yaml.Str(m, "path")!).Groups[1].Value))
                    .ToList();
            Assert.All(macros, m => Assert.False(string.IsNullOrEmpty(m.Label), $"{key}: {m.Macro} is not read from a label"));
            discovered[key] = [];
            var prototypes = Yaml.List(Yaml.Get(rule, "item_prototypes"));
            var foundSomewhere = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entity in entities)
            {
                string Expand(string text) => macros.Aggregate(text, (t, m) => t.Replace(m.Macro, entity.Labels.GetValueOrDefault(m.Label,
                    ""), StringComparison.Ordinal));
                discovered[key].Add(Expand(macros[0].Macro));
                foreach (var prototype in prototypes)
                {
                    var (pattern, mode, parameter) = PatternOf(prototype)
                        ?? throw new InvalidOperationException($"{Yaml.Str(prototype, "key")}: no Prometheus pattern");
                    Assert.DoesNotContain("{#", Expand(pattern));
                    // An item whose pattern may find nothing for some entities says what Zabbix does then (a value, or none);
                    // it must still find its value for at least one entity.
                    if (HandlesNoMatch(prototype) && !new ZabbixPattern(Expand(pattern)).Select(_metrics).Any())
                        continue;
                    AssertValue(Expand(Yaml.Str(prototype, "key")!), Expand(pattern), mode, parameter);
                    foundSomewhere.Add(Yaml.Str(prototype, "key")!);
                }
            }
            foreach (var prototype in prototypes)
                Assert.True(foundSomewhere.Contains(Yaml.Str(prototype, "key")!), $"{Yaml.Str(prototype, "key")} finds its value "
                    + $"for no entity of {key}");
        }
        Assert.Equal(["local", "nightly", "shell"], discovered["backup_exporter.backups.discovery"].Order(StringComparer.Ordinal));
        Assert.Equal(["nightly"], discovered["backup_exporter.pitr.discovery"]);
        Assert.Equal(["primary"], discovered["backup_exporter.servers.discovery"]);
    }

    [Fact]
    public void Triggers_name_items_of_the_template_and_link_their_runbook()
    {
        var name = (string)Template["template"]!;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var triggers = new List<object?>();
        foreach (var item in Yaml.List(Template.GetValueOrDefault("items")))
        {
            keys.Add(Yaml.Str(item, "key")!);
            triggers.AddRange(Yaml.List(Yaml.Get(item, "triggers")));
        }
        foreach (var rule in Yaml.List(Template.GetValueOrDefault("discovery_rules")))
        {
            triggers.AddRange(Yaml.List(Yaml.Get(rule, "trigger_prototypes")));
            foreach (var prototype in Yaml.List(Yaml.Get(rule, "item_prototypes")))
            {
                keys.Add(Yaml.Str(prototype, "key")!);
                triggers.AddRange(Yaml.List(Yaml.Get(prototype, "trigger_prototypes")));
            }
        }
        Assert.True(triggers.Count >= 15, $"{triggers.Count} triggers");
        var alerts = RuleSet.Alerts.Select(a => a.Alert!.ToLowerInvariant()).ToHashSet();
        foreach (var trigger in triggers)
        {
            var expression = Yaml.Str(trigger, "expression")!;
            var references = ItemReference().Matches(expression).ToList();
            Assert.NotEmpty(references);
            foreach (Match r in references)
            {
                Assert.Equal(name, r.Groups["host"].Value);
                Assert.Contains(r.Groups["key"].Value, keys);
            }
            var anchor = Yaml.Str(trigger, "description")!.Split(RuleSet.RunbookBase).Last();
            Assert.Contains(anchor, alerts);
        }
    }

    [Fact]
    public void Every_uuid_is_a_unique_uuid_v4_as_the_zabbix_api_requires()
    {
        // CApiInputValidator::validateUuid: 32 hex digits, the 13th is the version 4, the 17th the variant 8, 9, a or b.
        var uuids = UuidLine().Matches(File.ReadAllText(TemplateFile)).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(uuids);
        Assert.All(uuids, u => Assert.Matches("^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$", u));
        Assert.Equal(uuids.Count, uuids.Distinct().Count());
    }

    [Fact]
    public void Patterns_are_matched_as_zabbix_matches_them()
    {
        var text = new PrometheusText("a{backup=\"x\",server=\"\"} 1\na{backup=\"y\",server=\"db\"} 0\nb 2\n");
        Assert.Equal(2, new ZabbixPattern("a").Select(text).Count());
        Assert.Equal("y", new ZabbixPattern("a{server!=\"\"}").Select(text).Single().Labels["backup"]);
        Assert.Equal("x", new ZabbixPattern("a{backup=~\"x|z\"}").Select(text).Single().Labels["backup"]);
        Assert.Empty(new ZabbixPattern("a{backup=~\"x.\"}").Select(text));
        Assert.Equal("y", new ZabbixPattern("a == 0").Select(text).Single().Labels["backup"]);
        Assert.Equal(2, new ZabbixPattern("{__name__=~\"a|b\",backup!=\"x\"}").Select(text).Count());
        Assert.Throws<FormatException>(() => new ZabbixPattern("a{backup=x}"));
    }

    [GeneratedRegex(@"^\$\.labels\.([a-zA-Z_][a-zA-Z0-9_]*)$")]
    private static partial Regex JsonPathLabel();

    [GeneratedRegex(@"/(?<host>[^/]+)/(?<key>[a-zA-Z0-9_.]+(\[[^\]]*\])?)")]
    private static partial Regex ItemReference();

    [GeneratedRegex(@"uuid: (\S+)")]
    private static partial Regex UuidLine();
}
