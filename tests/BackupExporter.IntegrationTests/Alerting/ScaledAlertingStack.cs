using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using BackupExporter.IntegrationTests.Fixtures;
using YamlDotNet.Serialization;

namespace BackupExporter.IntegrationTests.Alerting;

/// <summary>One alert as Alertmanager holds it: its labels, and whether it is active or suppressed (inhibited).</summary>
public sealed record HeldAlert(IReadOnlyDictionary<string, string> Labels, string State, IReadOnlyList<string> InhibitedBy);

/// <summary>
/// The real prometheus and prometheus-alertmanager with the shipped per-host alert-rules/ and deploy/alertmanager/alertmanager.yml,
/// every duration that orders notifications (each rule's <c>for:</c>, Prometheus' scrape and evaluation interval,
/// Alertmanager's group_wait, group_interval and repeat_interval) divided by one common <see cref="Factor"/>, so that
/// what production sees in minutes happens here in seconds, in the same order. Every receiver notifies the test's
/// webhook instead of its e-mail or pager address; nothing else in the shipped files is changed.
/// </summary>
public sealed partial class ScaledAlertingStack : IAsyncDisposable
{
    /// <summary>Production evaluates every minute (Prometheus' default): here every second.</summary>
    public const int Factor = 60;

    private ScaledAlertingStack(ServiceProcess alertmanager, ServiceProcess prometheus)
    {
        Alertmanager = alertmanager;
        Prometheus = prometheus;
    }

    public ServiceProcess Alertmanager { get; }

    public ServiceProcess Prometheus { get; }

    public static async Task<ScaledAlertingStack> StartAsync(string root, int exporterPort, WebhookReceiver webhook)
    {
        var rules = Directory.CreateDirectory(Path.Combine(root, "scaled-rules")).FullName;
        // A site's Prometheus: the per-host rules. The fleet rules have a stack of their own (Fleet/FleetStack).
        foreach (var file in RepoPaths.PerHostRuleFiles)
            await File.WriteAllTextAsync(Path.Combine(rules, Path.GetFileName(file)), ScaleRules(await File.ReadAllTextAsync(file)));
        var alertmanager = await StartAlertmanagerAsync(root, webhook);
        var interval = Scale("1m");
        var promConfig = Path.Combine(root, "prometheus.yml");
        await File.WriteAllTextAsync(promConfig, $"""
            global:
              scrape_interval: {interval}
              evaluation_interval: {interval}
            rule_files:
              - {rules}/*.rules.yml
            alerting:
              alertmanagers:
                - static_configs:
                    - targets: ["127.0.0.1:{alertmanager.Port}"]
            scrape_configs:
              - job_name: backup-exporter
                static_configs:
                  - targets: ["127.0.0.1:{exporterPort}"]
            """);
        try
        {
            var prometheus = await ServiceProcess.StartAsync(MonitoringTools.Prometheus, ServiceProcess.FreePort(),
                "--config.file=" + promConfig, "--storage.tsdb.path="
                    + Directory.CreateDirectory(Path.Combine(root, "prometheus-data")).FullName,
                "--web.listen-address=127.0.0.1:{port}");
            return new ScaledAlertingStack(alertmanager, prometheus);
        }
        catch
        {
            await alertmanager.DisposeAsync();
            throw;
        }
    }

    /// <summary>The real Alertmanager alone, with the shipped configuration scaled and sent to the webhook.</summary>
    public static async Task<ServiceProcess> StartAlertmanagerAsync(string root, WebhookReceiver webhook, int factor = Factor)
    {
        var amConfig = Path.Combine(root, "alertmanager.yml");
        await File.WriteAllTextAsync(amConfig, ScaleAlertmanager(RepoPaths.Of("deploy", "alertmanager", "alertmanager.yml"), webhook.Url,
            factor));
        return await ServiceProcess.StartAsync(MonitoringTools.Alertmanager, ServiceProcess.FreePort(),
            "--config.file=" + amConfig, "--storage.path=" + Directory.CreateDirectory(Path.Combine(root, "alertmanager-data")).FullName,
            "--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=");
    }

    /// <summary>Every alert an Alertmanager holds, active or inhibited.</summary>
    public static async Task<IReadOnlyList<HeldAlert>> HeldAlertsAsync(ServiceProcess alertmanager)
    {
        using var response = await alertmanager.Http.GetAsync("/api/v2/alerts");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. json.RootElement.EnumerateArray().Select(a => new HeldAlert(
            a.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? ""),
            a.GetProperty("status").GetProperty("state").GetString() ?? "",
            [.. a.GetProperty("status").GetProperty("inhibitedBy").EnumerateArray().Select(i => i.GetString() ?? "")]))];
    }

    /// <summary>
    /// A Prometheus duration (<c>90s</c>, <c>5m</c>, <c>1h30m</c>) divided by <see cref="Factor"/> (or another factor), in milliseconds.
    /// </summary>
    public static string Scale(string duration, int factor = Factor)
    {
        var units = new Dictionary<string, double> { ["ms"] = 0.001, ["s"] = 1, ["m"] = 60, ["h"] = 3600, ["d"] = 86400, ["w"] = 604800 };
        var parts = DurationPart().Matches(duration);
        Assert.True(parts.Count > 0 && string.Concat(parts.Select(p => p.Value)) == duration, $"not a duration: {duration}");
        var seconds = parts.Sum(p => double.Parse(p.Groups[1].Value, CultureInfo.InvariantCulture) * units[p.Groups[2].Value]);
        return ((long)Math.Round(seconds * 1000 / factor)).ToString(CultureInfo.InvariantCulture) + "ms";
    }

    /// <summary>A rule file with each <c>for:</c> scaled, and nothing else changed.</summary>
    public static string ScaleRules(string text, int factor = Factor) => ForLine().Replace(text, m => m.Groups[1].Value
        + Scale(m.Groups[2].Value, factor));

    /// <summary>The shipped Alertmanager configuration with its timings scaled and every receiver sent to the webhook.</summary>
    public static string ScaleAlertmanager(string path, string webhookUrl, int factor = Factor)
    {
        var config = (Dictionary<object, object?>)Yaml.Load(path)!;
        ScaleRoute((Dictionary<object, object?>)config["route"]!, factor);
        foreach (var receiver in Yaml.List(config["receivers"]).Cast<Dictionary<object, object?>>())
        {
            foreach (var key in receiver.Keys.Where(k => ((string)k).EndsWith("_configs", StringComparison.Ordinal)).ToList())
                receiver.Remove(key);
            receiver["webhook_configs"] = new List<object?> { new Dictionary<object, object?> { ["url"] = webhookUrl,
                ["send_resolved"] = true } };
        }
        return new SerializerBuilder().Build().Serialize(config);
    }

    /// <summary>The shortest repeat_interval of the shipped routes, scaled: a notification sent again after it is a repeat.</summary>
    public static TimeSpan ShortestRepeat()
    {
        var intervals = new List<string>();
        void Collect(object? route)
        {
            if (Yaml.Str(route, "repeat_interval") is { } repeat)
                intervals.Add(repeat);
            foreach (var child in Yaml.List(Yaml.Get(route, "routes")))
                Collect(child);
        }
        Collect(Yaml.Get(Yaml.Load(RepoPaths.Of("deploy", "alertmanager", "alertmanager.yml")), "route"));
        return intervals.Select(i => TimeSpan.FromMilliseconds(long.Parse(Scale(i)[..^2], CultureInfo.InvariantCulture))).Min();
    }

    private static void ScaleRoute(Dictionary<object, object?> route, int factor)
    {
        foreach (var key in new[] { "group_wait", "group_interval", "repeat_interval" })
            if (route.TryGetValue(key, out var value) && value is string duration)
                route[key] = Scale(duration, factor);
        foreach (var child in Yaml.List(route.GetValueOrDefault("routes")).Cast<Dictionary<object, object?>>())
            ScaleRoute(child, factor);
    }

    /// <summary>The instant vector of a PromQL query, as label sets with their values.</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryAsync(string query)
    {
        using var response = await Prometheus.Http.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(query));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Select(r => (
            (IReadOnlyDictionary<string, string>)r.GetProperty("metric").EnumerateObject()
                .ToDictionary(p => p.Name, p => p.Value.GetString() ?? ""),
            double.Parse(r.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))];
    }

    /// <summary>Every alert this stack's Alertmanager holds, active or inhibited.</summary>
    public Task<IReadOnlyList<HeldAlert>> HeldAlertsAsync() => HeldAlertsAsync(Alertmanager);

    public string Output => $"prometheus:\n{Prometheus.Output}\nalertmanager:\n{Alertmanager.Output}";

    public async ValueTask DisposeAsync()
    {
        await Prometheus.DisposeAsync();
        await Alertmanager.DisposeAsync();
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|s|m|h|d|w)")]
    private static partial Regex DurationPart();

    [GeneratedRegex(@"^(\s+for: )(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex ForLine();
}
