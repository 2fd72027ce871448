using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Web;

/// <summary>
/// A web configuration file cut short in the middle of a write (empty, only its TLS part, nonsense nested 100,000
/// deep) while requests run: the exporter keeps its protection, says so at error, and exports the refusal.
/// </summary>
[Collection(WebTest.Collection)]
public sealed class WebConfigFailClosedTests : WebTest
{
    private const string ReloadOk = "mysql_backup_exporter_config_last_reload_successful";

    [Fact]
    public async Task A_truncated_web_configuration_never_opens_the_metrics_and_is_exported_as_refused()
    {
        var full = "tls_server_config:\n  cert_file: tls/server.crt\n  key_file: tls/server.key\n" +
            $"basic_auth_users:\n  prometheus: {await HashAsync(Password)}\n";
        WriteWebConfig(full);
        await using var exporter = await ExporterProcess.StartAsync(Config, null, TlsClient("prometheus", Password),
            "--web.config.file=" + WebConfigPath, "--web.enable-lifecycle");
        string[] anonymous = ["--cacert", Tls.CaCert, Url(exporter)];
        string[] asPrometheus = ["--cacert", Tls.CaCert, "--user", "prometheus:" + Password, Url(exporter)];
        Assert.Equal(401, (await Curl.RunAsync(anonymous)).Status);
        Assert.Equal(1, (await exporter.ScrapeAsync()).Value(ReloadOk));

        // Requests keep coming while the file is cut short: none of them may get the metrics without the password.
        using var stop = new CancellationTokenSource();
        var hammer = Task.Run(async () =>
        {
            var statuses = new List<int>();
            while (!stop.IsCancellationRequested)
                statuses.Add((await Curl.RunAsync(anonymous)).Status);
            return statuses;
        });
        var truncations = new (string What, string Text)[]
        {
            ("empty", ""),
            ("only its TLS part", "tls_server_config:\n  cert_file: tls/server.crt\n  key_file: tls/server.key\n"),
            ("cut in the middle of the users",
                "tls_server_config:\n  cert_file: tls/server.crt\n  key_file: tls/server.key\nbasic_auth_users:\n"),
            ("100,000 nested brackets", "basic_auth_users: " + new string('[', 100_000)),
        };
        foreach (var (what, text) in truncations)
        {
            WriteWebConfig(text);
            var scrape = await exporter.ScrapeUntilAsync(s => s.Value(ReloadOk) == 0,
                $"the web configuration {what} is refused and exported");
            Assert.True(scrape.Value(ReloadOk) == 0, what);
            Assert.Equal(401, (await Curl.RunAsync(anonymous)).Status);
            Assert.Equal(200, (await Curl.RunAsync(asPrometheus)).Status);
            var reload = await exporter.PostAsync("/-/reload");
            Assert.True(reload.Status == 500, $"{what}: {reload.Status} {reload.Body}");
            Assert.Contains("Reload failed, the previous configuration stays in force", reload.Body);
            // Put the full file back between two cuts, so that each cut is a change of its own.
            WriteWebConfig(full);
            await exporter.ScrapeUntilAsync(s => s.Value(ReloadOk) == 1, $"the full web configuration is back in force after {what}");
        }
        await stop.CancelAsync();
        await exporter.OutputUntilAsync("nested more than 64 levels deep");
        var seen = await hammer;
        Assert.NotEmpty(seen);
        Assert.All(seen, status => Assert.Equal(401, status));

        var refusals = exporter.Output.Split('\n').Where(l => l.Contains("a running exporter never lowers its protection",
            StringComparison.Ordinal)).ToList();
        // Each refusal at error, once per version of the file and reason, and again for each POST /-/reload.
        Assert.All(refusals, l => Assert.Contains("level=error", l));
        Assert.Contains(refusals, l => l.Contains($"{WebConfigPath}: TLS would be removed (tls_server_config is missing)",
            StringComparison.Ordinal));
        Assert.Contains(refusals, l => l.Contains($"{WebConfigPath}: basic authentication would be removed", StringComparison.Ordinal));
        Assert.Contains($"{WebConfigPath}:1:", exporter.Output);
        Assert.Contains("nested more than 64 levels deep", exporter.Output);
        Assert.DoesNotContain("TLS off", exporter.Output);
    }

    [Fact]
    public async Task A_lowered_client_certificate_requirement_is_refused_and_a_restart_applies_it()
    {
        var strict = "tls_server_config:\n  cert_file: tls/server.crt\n  key_file: tls/server.key\n  client_ca_file: tls/ca.crt\n" +
            "  client_auth_type: RequireAndVerifyClientCert\n";
        WriteWebConfig(strict);
        await using (var exporter = await ExporterProcess.StartAsync(Config, null, TlsClient("x", "y", withClientCertificate: true),
            "--web.config.file=" + WebConfigPath))
        {
            string[] withoutCertificate = ["--cacert", Tls.CaCert, Url(exporter)];
            Assert.NotEqual(200, (await Curl.RunAsync(withoutCertificate)).Status);

            WriteWebConfig("tls_server_config:\n  cert_file: tls/server.crt\n  key_file: tls/server.key\n" +
                "  client_auth_type: NoClientCert\n");
            await exporter.ScrapeUntilAsync(s => s.Value(ReloadOk) == 0, "the lowered client_auth_type is refused");
            Assert.NotEqual(200, (await Curl.RunAsync(withoutCertificate)).Status);
            await exporter.OutputUntilAsync("client_auth_type would go from RequireAndVerifyClientCert to NoClientCert");
        }

        // A restart is the deliberate way to lower it.
        await using var restarted = await ExporterProcess.StartAsync(Config, null, TlsClient("x", "y"),
            "--web.config.file=" + WebConfigPath);
        Assert.Equal(200, (await Curl.RunAsync("--cacert", Tls.CaCert, Url(restarted))).Status);
    }
}
