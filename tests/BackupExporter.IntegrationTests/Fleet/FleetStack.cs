using System.Globalization;
using System.Text.Json;
using BackupExporter.IntegrationTests.Alerting;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Fleet;

/// <summary>One exporter standing for one host, and the target labels its site's Prometheus gives it.</summary>
public sealed record FleetHost(int Port, string Team, string Site);

/// <summary>
/// The fleet set-up of docs/fleet.md, all from Debian's packages on loopback ports: one Prometheus per site scraping
/// its hosts (target label <c>team</c>, external labels <c>region</c> and <c>env</c>) with the per-host rules, all of
/// them remote-writing into victoria-metrics, where vmalert evaluates the fleet rules; every alert goes to one
/// prometheus-alertmanager with the shipped configuration. Every duration that orders notifications is divided by
/// <see cref="Factor"/>, as in the single-Prometheus tests: rules' <c>for:</c>, scrape and evaluation intervals,
/// Alertmanager's timings, and the pipeline's own delays (remote write's batch deadline, vmalert's flush of recorded
/// series), which production measures in seconds against alerts of minutes.
/// </summary>
public sealed class FleetStack : IAsyncDisposable
{
    /// <summary>
    /// Less than the single-Prometheus tests' 60: victoria-metrics makes a written sample searchable within a second
    /// or two, which no setting scales, and the shared cause crosses it twice (the sites' samples, then the recorded
    /// rollups) before its <c>for:</c> starts. Divided by 12, the per-host alerts' 5 minutes are 25 s and the shared
    /// cause's minute 5 s: the order production has, with room for those seconds.
    /// </summary>
    public const int Factor = 12;

    private readonly List<ServiceProcess> _services = [];

    public ServiceProcess Alertmanager => _services[0];

    public ServiceProcess VictoriaMetrics => _services[1];

    public ServiceProcess VmAlert => _services[2];

    public IEnumerable<ServiceProcess> Prometheus => _services.Skip(3);

    /// <summary>The region each site's Prometheus writes as its external label.</summary>
    public static string Region(string site) => site == "site-a" ? "eu" : "us";

    public static async Task<FleetStack> StartAsync(string root, IReadOnlyList<FleetHost> hosts, WebhookReceiver webhook)
    {
        var stack = new FleetStack();
        try
        {
            stack._services.Add(await ScaledAlertingStack.StartAlertmanagerAsync(root, webhook, Factor));
            var am = $"127.0.0.1:{stack.Alertmanager.Port}";
            // Queries see the newest samples at once (by default the last 30 s are hidden, for late writers).
            stack._services.Add(await ServiceProcess.StartAsync(FleetTools.VictoriaMetrics, ServiceProcess.FreePort(),
                "-httpListenAddr=127.0.0.1:{port}", "-storageDataPath=" + Dir(root, "victoria-metrics"), "-search.latencyOffset=0s"));
            var vm = $"http://127.0.0.1:{stack.VictoriaMetrics.Port}";
            var interval = Scale("1m");

            // The fleet rules of the mixin, evaluated by vmalert against every host's series; recorded series are
            // written back into victoria-metrics, alerts sent to the one Alertmanager.
            var fleetRules = Dir(root, "fleet-rules");
            var perHostRules = Dir(root, "per-host-rules");
            foreach (var file in RepoPaths.RuleFiles)
            {
                await File.WriteAllTextAsync(Path.Combine(RepoPaths.IsFleetRuleFile(file) ? fleetRules : perHostRules,
                    Path.GetFileName(file)),
                    ScaledAlertingStack.ScaleRules(await File.ReadAllTextAsync(file), Factor));
            }
            stack._services.Add(await ServiceProcess.StartAsync(FleetTools.VmAlert, ServiceProcess.FreePort(),
                "-httpListenAddr=127.0.0.1:{port}", "-rule=" + fleetRules + "/*.rules.yml", "-datasource.url=" + vm,
                "-remoteWrite.url=" + vm, "-remoteWrite.flushInterval=" + Scale("5s"),
                "-notifier.url=http://" + am, "-evaluationInterval=" + interval));

            // One Prometheus per site with the per-host rules, as a site runs them today.
            foreach (var site in hosts.Select(h => h.Site).Distinct())
            {
                var targets = string.Join("\n", hosts.Where(h => h.Site == site).Select(h => $"""
                          - targets: ["127.0.0.1:{h.Port}"]
                            labels:
                              team: {h.Team}
                    """));
                var config = Path.Combine(root, $"prometheus-{site}.yml");
                await File.WriteAllTextAsync(config, $"""
                    global:
                      scrape_interval: {interval}
                      evaluation_interval: {interval}
                      external_labels:
                        region: {Region(site)}
                        env: prod
                    rule_files:
                      - {perHostRules}/*.rules.yml
                    alerting:
                      alertmanagers:
                        - static_configs:
                            - targets: ["{am}"]
                    remote_write:
                      - url: {vm}/api/v1/write
                        queue_config:
                          batch_send_deadline: {Scale("5s")}
                    scrape_configs:
                      - job_name: backup-exporter
                        static_configs:
                    {targets}
                    """);
                stack._services.Add(await ServiceProcess.StartAsync(MonitoringTools.Prometheus, ServiceProcess.FreePort(),
                    "--config.file=" + config, "--storage.tsdb.path=" + Dir(root, $"prometheus-{site}-data"),
                        "--web.listen-address=127.0.0.1:{port}"));
            }
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>A production duration as this stack runs it.</summary>
    public static string Scale(string duration) => ScaledAlertingStack.Scale(duration, Factor);

    /// <summary>The same, as a TimeSpan.</summary>
    public static TimeSpan Scaled(string duration) =>
        TimeSpan.FromMilliseconds(long.Parse(Scale(duration)[..^2], CultureInfo.InvariantCulture));

    private static string Dir(string root, string name) => Directory.CreateDirectory(Path.Combine(root, name)).FullName;

    /// <summary>The instant vector of a query on victoria-metrics (its Prometheus API), as label sets with their values.</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryAsync(string query)
    {
        using var response = await VictoriaMetrics.Http.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(query));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{query}: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        return [.. json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Select(r => (
            (IReadOnlyDictionary<string, string>)r.GetProperty("metric").EnumerateObject()
                .ToDictionary(p => p.Name, p => p.Value.GetString() ?? ""),
            double.Parse(r.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))];
    }

    /// <summary>Waits until the query's result satisfies <paramref name="condition"/>; returns that result.</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryUntilAsync(string query,
        Func<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>, bool> condition, string what, Func<string> context)
    {
        var until = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var result = await QueryAsync(query);
            if (condition(result))
                return result;
            if (DateTime.UtcNow > until)
            {
                var rows = result.Select(r => $"{string.Join(',', r.Labels.Select(l => $"{l.Key}={l.Value}"))} {r.Value}");
                throw new TimeoutException($"within 90 s, never: {what}\n{query} =\n{string.Join('\n', rows)}\n{context()}");
            }
            await Task.Delay(500);
        }
    }

    public string Output => string.Join('\n', _services.Select((s, i) => $"--- service {i} (port {s.Port}):\n{Tail(s.Output)}"));

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;

    public async ValueTask DisposeAsync()
    {
        foreach (var service in Enumerable.Reverse(_services))
            await service.DisposeAsync();
    }
}
