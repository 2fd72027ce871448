using System.Text.Json;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Web;

/// <summary>
/// The real Prometheus scrapes the exporter over TLS, presenting a client certificate and a password, as a site
/// configures it for node_exporter; a scrape without the certificate or with a wrong password fails.
/// </summary>
[Collection(WebTest.Collection)]
public sealed class PrometheusOverTlsTests : WebTest
{
    [Fact]
    public async Task Prometheus_scrapes_over_tls_with_basic_auth_and_a_client_certificate()
    {
        WriteWebConfig($"""
            tls_server_config:
              cert_file: tls/server.crt
              key_file: tls/server.key
              client_auth_type: RequireAndVerifyClientCert
              client_ca_file: tls/ca.crt
            basic_auth_users:
              prometheus: {await HashAsync(Password)}
            """);
        await using var exporter = await ExporterProcess.StartAsync(Config, null, TlsClient("prometheus", Password,
            withClientCertificate: true),
            "--web.config.file=" + WebConfigPath);

        var promConfig = Path.Combine(Root, "prometheus.yml");
        string Job(string name, string password, bool certificate) => string.Join('\n',
        [
            $"  - job_name: {name}",
            "    scheme: https",
            $"    static_configs: [{{targets: [\"127.0.0.1:{exporter.Port}\"]}}]",
            $"    basic_auth: {{username: prometheus, password: \"{password}\"}}",
            "    tls_config:",
            $"      ca_file: {Tls.CaCert}",
            .. certificate ? (string[])[$"      cert_file: {Tls.ClientCert}", $"      key_file: {Tls.ClientKey}"] : [],
            "",
        ]);
        await File.WriteAllTextAsync(promConfig, "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n"
            + Job("good", Password, certificate: true) + Job("no-certificate", Password, certificate: false)
                + Job("wrong-password", "nope", certificate: true));
        await using var prometheus = await ServiceProcess.StartAsync(MonitoringTools.Prometheus, ServiceProcess.FreePort(),
            "--config.file=" + promConfig, "--storage.tsdb.path=" + Path.Combine(Root, "prometheus-data"),
                "--web.listen-address=127.0.0.1:{port}");

        // Polled until each target shows its expected state: on a loaded machine a first scrape may time out instead.
        var targets = await TargetsUntilAsync(prometheus, t => t.Count == 3
            && t["good"].Health == "up"
            && t["no-certificate"].Health == "down"
            && t["wrong-password"].Error.Contains("401", StringComparison.Ordinal), () => prometheus.Output + exporter.Output);
        Assert.Equal("", targets["good"].Error);
        Assert.DoesNotContain("server returned HTTP status", targets["no-certificate"].Error); // refused in TLS, before any HTTP
        Assert.Equal("down", targets["wrong-password"].Health);

        using var response = await prometheus.Http.GetAsync("/api/v1/query?query="
            + Uri.EscapeDataString("mysql_backup_info{job=\"good\"}"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var series = Assert.Single(json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray());
        Assert.Equal("nightly", series.GetProperty("metric").GetProperty("backup").GetString());
    }

    private static async Task<Dictionary<string, (string Health, string Error)>> TargetsUntilAsync(
        ServiceProcess prometheus, Func<Dictionary<string, (string Health, string Error)>, bool> condition, Func<string> context)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await prometheus.Http.GetAsync("/api/v1/targets");
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var targets = json.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray().ToDictionary(
                t => t.GetProperty("labels").GetProperty("job").GetString()!,
                t => (t.GetProperty("health").GetString()!, t.GetProperty("lastError").GetString()!));
            if (condition(targets))
                return targets;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"within 60 s, the targets were never all scraped: {string.Join("; ", targets)}\n{context()}");
            await Task.Delay(200);
        }
    }
}
