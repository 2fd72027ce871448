using System.Globalization;
using System.Text.Json.Nodes;
using BackupExporter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace BackupExporter.IntegrationTests.Integrations;

/// <summary>
/// deploy/zabbix through a real Zabbix 6.0 (ZabbixStack): the template imports through the API, a host linked to it
/// polls a running exporter with zabbix_server's HTTP agent, discovery finds every backup set and server, and every
/// item, discovered or not, takes a value.
/// </summary>
[Collection(ExporterWithServerCollection.Name)]
public sealed class ZabbixLiveTests(ExporterWithServer exporter, ITestOutputHelper output)
{
    private static readonly string TemplateFile = RepoPaths.Of("deploy", "zabbix", "backup-exporter-template.yml");
    private const string TemplateName = "MySQL backups by backup-exporter";

    private static JsonObject ImportRules() => new()
    {
        ["groups"] = new JsonObject { ["createMissing"] = true },
        ["templates"] = new JsonObject { ["createMissing"] = true, ["updateExisting"] = true },
        ["items"] = new JsonObject { ["createMissing"] = true, ["updateExisting"] = true },
        ["discoveryRules"] = new JsonObject { ["createMissing"] = true, ["updateExisting"] = true },
        ["triggers"] = new JsonObject { ["createMissing"] = true, ["updateExisting"] = true },
        ["valueMaps"] = new JsonObject { ["createMissing"] = true, ["updateExisting"] = true },
    };

    [Fact]
    public async Task The_template_imports_and_every_item_of_a_host_polling_a_running_exporter_takes_a_value()
    {
        await using var zabbix = await ZabbixStack.StartAsync();
        var api = zabbix.Api;
        await api.LoginAsync("Admin", "zabbix"); // the default account of a new Zabbix database
        var template = await File.ReadAllTextAsync(TemplateFile);

        // The API's own check of every UUID: a template with one that is not UUIDv4 is refused, ours is not.
        var notV4 = template.Replace(UuidOfTemplate(template), "1019c71edc6756a6a47c5fc9f82f5709", StringComparison.Ordinal);
        var refused = await api.TryCallAsync("configuration.import", Import(notV4));
        Assert.Contains("UUIDv4 is expected", refused.Error);
        Assert.True((bool)(await api.CallAsync("configuration.import", Import(template)))!);

        var templateId = (string)(await api.CallAsync("template.get", new JsonObject
        {
            ["filter"] = new JsonObject { ["host"] = TemplateName },
            ["output"] = new JsonArray("templateid"),
        }))!.AsArray().Single()!["templateid"]!;
        var groupId = (string)(await api.CallAsync("hostgroup.get", new JsonObject
        {
            ["filter"] = new JsonObject { ["name"] = "Templates/Databases" },
            ["output"] = new JsonArray("groupid"),
        }))!.AsArray().Single()!["groupid"]!;
        var metricsUrl = $"http://127.0.0.1:{exporter.Exporter.Port}/metrics";
        await api.CallAsync("host.create", new JsonObject
        {
            ["host"] = "db1",
            ["groups"] = new JsonArray(new JsonObject { ["groupid"] = groupId }),
            ["templates"] = new JsonArray(new JsonObject { ["templateid"] = templateId }),
            ["macros"] = new JsonArray(
                new JsonObject { ["macro"] = "{$BACKUP_EXPORTER.URL}", ["value"] = metricsUrl },
                new JsonObject { ["macro"] = "{$BACKUP_EXPORTER.INTERVAL}", ["value"] = "5s" }),
        });

        zabbix.StartServer();
        var report = await WaitForEveryItemAsync(zabbix);
        output.WriteLine(report);
    }

    private static JsonObject Import(string source) => new() { ["format"] = "yaml", ["source"] = source, ["rules"] = ImportRules() };

    private static string UuidOfTemplate(string template) =>
        template.Split('\n').SkipWhile(l => !l.StartsWith("  templates:", StringComparison.Ordinal)).Skip(1).First()
            .Split("uuid: ")[1].Trim();

    /// <summary>
    /// Polls item.get until discovery has created the items of every set and server and each item has a value, or
    /// fails after a deadline naming the items without one. Two kinds of item may stay without a value, each for a
    /// reason checked here: the raw /metrics item keeps no history (history 0: its value feeds the others and is
    /// dropped), and an item whose pattern has a discard handler has no value while the exporter exports no such line.
    /// </summary>
    private async Task<string> WaitForEveryItemAsync(ZabbixStack zabbix)
    {
        var until = DateTime.UtcNow.AddMinutes(5);
        var waiting = "nothing polled yet";
        while (DateTime.UtcNow < until)
        {
            Assert.True(zabbix.ServerRunning, "zabbix_server exited:\n" + zabbix.ServerLogTail());
            var items = (await zabbix.Api.CallAsync("item.get", new JsonObject
            {
                ["host"] = "db1",
                ["output"] = new JsonArray("key_", "lastclock", "lastvalue", "state", "error", "flags", "history"),
                ["selectPreprocessing"] = new JsonArray("type", "params", "error_handler"),
            }))!.AsArray().Select(i => i!).ToList();
            var unsupported = items.Where(i => (string)i["state"]! == "1").Select(i => $"{i["key_"]}: {i["error"]}").ToList();
            Assert.True(unsupported.Count == 0, "items Zabbix cannot read:\n" + string.Join('\n', unsupported));

            var discovered = items.Where(i => (string)i["flags"]! == "4").Select(i => (string)i["key_"]!).ToList();
            // The fixture's three backup sets and its server, each the first parameter of its items' keys.
            var missingEntities = ((string[])["nightly", "local", "shell", "primary"]).Where(e => !discovered.Any(k =>
                k.Contains($"[{e}]", StringComparison.Ordinal) || k.Contains($"[{e},", StringComparison.Ordinal))).ToList();
            var metrics = new PrometheusText(await exporter.Exporter.GetMetricsAsync());
            var withoutValue = items.Where(i => (string)i["lastclock"]! == "0" && !MayStayEmpty(i, metrics))
                .Select(i => (string)i["key_"]!).ToList();
            if (missingEntities.Count == 0 && withoutValue.Count == 0)
            {
                var raw = items.Single(i => (string)i["key_"]! == "backup_exporter.metrics");
                Assert.Equal("", (string)raw["error"]!);
                AssertSteadyValuesMatchTheExporter(items, metrics);
                return $"{items.Count} items ({discovered.Count} discovered), all with a value; e.g. " + string.Join(", ",
                    items.Where(i => (string)i["lastclock"]! != "0").Take(5).Select(i => $"{i["key_"]}={i["lastvalue"]}"));
            }
            waiting = $"{items.Count} items; not yet discovered: {string.Join(", ", missingEntities)}; without a value: "
                + $"{string.Join(", ", withoutValue)}";
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        Assert.Fail($"after 5 minutes, {waiting}\nzabbix_server's log:\n{zabbix.ServerLogTail()}");
        return waiting;
    }

    /// <summary>The values Zabbix stored are the exporter's: every item read from a series that does not move with time.</summary>
    private static void AssertSteadyValuesMatchTheExporter(List<JsonNode> items, PrometheusText metrics)
    {
        string[] steady = ["mysql_backup_check_ok", "mysql_backup_last_success_size_bytes", "mysql_backup_server_up",
            "mysql_backup_binlog_enabled"];
        var compared = 0;
        foreach (var item in items.Where(i => (string)i["lastclock"]! != "0"))
            foreach (var step in item["preprocessing"]!.AsArray())
            {
                var parameters = ((string)step!["params"]!).Split('\n');
                if ((string)step["type"]! != "22" || parameters.Length < 2 || parameters[1] != "value"
                    || !steady.Any(name => parameters[0].StartsWith(name + "{", StringComparison.Ordinal)))
                    continue;
                var expected = new ZabbixPattern(parameters[0]).Select(metrics).Single().Value;
                Assert.True(double.Parse((string)item["lastvalue"]!, CultureInfo.InvariantCulture) == expected,
                    $"{item["key_"]}: Zabbix has {item["lastvalue"]}, the exporter {expected}");
                compared++;
            }
        Assert.True(compared >= 10, $"only {compared} steady items compared");
    }

    private static bool MayStayEmpty(JsonNode item, PrometheusText metrics)
    {
        if ((string)item["key_"]! == "backup_exporter.metrics")
            return (string)item["history"]! == "0";
        foreach (var step in item["preprocessing"]!.AsArray())
        {
            // type 22 = Prometheus pattern; error_handler 1 = discard the value (Zabbix 6.0 API).
            if ((string)step!["type"]! != "22" || (string)step["error_handler"]! != "1")
                continue;
            var pattern = ((string)step["params"]!).Split('\n')[0];
            return !new ZabbixPattern(pattern).Select(metrics).Any();
        }
        return false;
    }
}
