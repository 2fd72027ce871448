using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Web;

/// <summary><c>--web.config.file</c> with real clients: curl over TLS with basic authentication, and files changed while running.</summary>
[Collection(WebTest.Collection)]
public sealed class WebConfigFileTests : WebTest
{
    [Fact]
    public async Task Curl_gets_the_metrics_over_tls_with_the_right_password_and_401_without()
    {
        var hash = await HashAsync(Password);
        WriteWebConfig($"""
            tls_server_config:
              cert_file: tls/server.crt
              key_file: tls/server.key
            basic_auth_users:
              prometheus: {hash}
            http_server_config:
              headers:
                X-Content-Type-Options: nosniff
                Strict-Transport-Security: max-age=31536000
            """);
        await using var exporter = await ExporterProcess.StartAsync(Config, null, TlsClient("prometheus", Password),
            "--web.config.file=" + WebConfigPath);

        var ok = await Curl.RunAsync("--cacert", Tls.CaCert, "--user", "prometheus:" + Password, Url(exporter));
        Assert.Equal(200, ok.Status);
        Assert.Contains("mysql_backup_info{", ok.Body);
        Assert.Contains("x-content-type-options: nosniff", ok.Headers, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("strict-transport-security: max-age=31536000", ok.Headers, StringComparison.OrdinalIgnoreCase);

        var wrong = await Curl.RunAsync("--cacert", Tls.CaCert, "--user", "prometheus:wrong", Url(exporter));
        Assert.Equal(401, wrong.Status);
        Assert.Contains("www-authenticate: Basic", wrong.Headers, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("mysql_backup", wrong.Body);
        var unknown = await Curl.RunAsync("--cacert", Tls.CaCert, "--user", "mallory:" + Password, Url(exporter));
        Assert.Equal(401, unknown.Status);
        var none = await Curl.RunAsync("--cacert", Tls.CaCert, Url(exporter, "/"));
        Assert.Equal(401, none.Status);
        Assert.Contains("www-authenticate: Basic", none.Headers, StringComparison.OrdinalIgnoreCase);

        // Every endpoint is behind the password, and plain HTTP is not served on the TLS port.
        foreach (var path in new[] { "/", "/api/v1/status", "/-/healthy", "/-/ready" })
            Assert.Equal(401, (await Curl.RunAsync("--cacert", Tls.CaCert, Url(exporter, path))).Status);
        var plain = await Curl.RunAsync($"http://127.0.0.1:{exporter.Port}/metrics");
        Assert.NotEqual(200, plain.Status);
        Assert.DoesNotContain("mysql_backup", plain.Body);
        Assert.DoesNotContain(Password, exporter.Output);
        Assert.DoesNotContain(hash, exporter.Output);
    }

    [Fact]
    public async Task The_healthcheck_command_reaches_an_exporter_behind_tls_and_basic_auth_with_its_web_config()
    {
        WriteWebConfig($"tls_server_config:\n  cert_file: tls/server.crt\n  key_file: tls/server.key\nbasic_auth_users:\n  prometheus: "
            + $"{await HashAsync(Password)}\n");
        var exporter = await ExporterProcess.StartAsync(Config, null, TlsClient("prometheus", Password),
            "--web.config.file=" + WebConfigPath);
        var address = $"--web.listen-address=127.0.0.1:{exporter.Port}";
        try
        {
            var healthy = await ExporterProcess.RunCliAsync("healthcheck", address, "--web.config.file=" + WebConfigPath);
            Assert.True(healthy.ExitCode == 0, healthy.Stderr);
            Assert.Contains($"https://127.0.0.1:{exporter.Port}/-/healthy: 401", healthy.Stdout, StringComparison.Ordinal);

            // Without the web configuration it speaks plain HTTP to a TLS port: not an answer.
            var plain = await ExporterProcess.RunCliAsync("healthcheck", address);
            Assert.Equal(1, plain.ExitCode);
        }
        finally
        {
            await exporter.DisposeAsync();
        }
        var stopped = await ExporterProcess.RunCliAsync("healthcheck", address, "--web.config.file=" + WebConfigPath);
        Assert.Equal(1, stopped.ExitCode);
        Assert.Contains($"https://127.0.0.1:{exporter.Port}/-/healthy", stopped.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_certificate_is_replaced_without_a_restart()
    {
        File.Copy(Tls.ExpiredServerCert, Path.Combine(Root, "served.crt"));
        File.Copy(Tls.ExpiredServerKey, Path.Combine(Root, "served.key"));
        WriteWebConfig("tls_server_config:\n  cert_file: served.crt\n  key_file: served.key\n");
        await using var exporter = await ExporterProcess.StartAsync(Config, null, TlsClient("", "", acceptAnyServer: true),
            "--web.config.file=" + WebConfigPath);

        var expired = await Curl.RunAsync("--cacert", Tls.CaCert, Url(exporter));
        Assert.Equal(60, expired.ExitCode); // peer certificate cannot be authenticated
        Assert.Contains("expired", expired.Stderr);

        // Rotated as certbot and cert-manager do: the new files replace the old ones in place.
        File.Copy(Tls.ServerKey, Path.Combine(Root, "served.key"), overwrite: true);
        File.Copy(Tls.ServerCert, Path.Combine(Root, "served.crt"), overwrite: true);
        var rotated = await Curl.UntilAsync(r => r.Status == 200, "the rotated certificate is served", "--cacert",
            Tls.CaCert, Url(exporter));
        Assert.Contains("mysql_backup_info{", rotated.Body);
    }

    [Fact]
    public async Task A_changed_password_applies_at_once_and_a_broken_change_keeps_the_previous_file()
    {
        WriteWebConfig($"tls_server_config:\n  cert_file: tls/server.crt\n  key_file: tls/server.key\nbasic_auth_users:\n  prometheus: "
            + $"{await HashAsync(Password)}\n");
        await using var exporter = await ExporterProcess.StartAsync(Config, null, TlsClient("prometheus", Password),
            "--web.config.file=" + WebConfigPath);
        string[] asOld = ["--cacert", Tls.CaCert, "--user", "prometheus:" + Password, Url(exporter)];
        string[] asNew = ["--cacert", Tls.CaCert, "--user", "prometheus:rotated", Url(exporter)];
        Assert.Equal(200, (await Curl.RunAsync(asOld)).Status);

        WriteWebConfig($"tls_server_config:\n  cert_file: tls/server.crt\n  key_file: tls/server.key\nbasic_auth_users:\n  prometheus: "
            + $"{await HashAsync("rotated")}\n");
        await Curl.UntilAsync(r => r.Status == 200, "the new password is accepted", asNew);
        Assert.Equal(401, (await Curl.RunAsync(asOld)).Status);

        WriteWebConfig("tls_server_config:\n  cert_file: tls/server.crt\n  key_file: tls/server.key\nbasic_auth_users:\n  prometheus: "
            + "plaintext-by-mistake\n");
        for (var i = 0; i < 3; i++)
            Assert.Equal(200, (await Curl.RunAsync(asNew)).Status);
        Assert.Equal(401, (await Curl.RunAsync(asOld)).Status);
        // Logged once, although every request since has seen the refused file.
        var refusal = $"web configuration change refused, keeping the previous one: {WebConfigPath}:5:15: basic_auth_users: user";
        var logged = Assert.Single(exporter.Output.Split('\n'), l => l.Contains(refusal, StringComparison.Ordinal));
        Assert.Contains("level=error", logged);
        Assert.Contains("the value is not a bcrypt hash", logged);
        Assert.DoesNotContain("plaintext-by-mistake", exporter.Output);
    }

    [Fact]
    public async Task An_invalid_web_configuration_is_refused_at_start_with_its_location()
    {
        WriteWebConfig("tls_server_config:\n  cert_file: tls/server.crt\n  key_file: tls/client.key\n  client_auth_type: "
            + "RequireAndVerifyClientCert\nbasic_auth_users:\n  ops: hunter2\n");
        var (code, _, stderr) = await ExporterProcess.RunCliAsync("--config.file=" + Config, "--web.config.file=" + WebConfigPath,
            "--web.listen-address=127.0.0.1:0");
        Assert.Equal(2, code);
        Assert.Contains($"{WebConfigPath}:4:3: tls_server_config: RequireAndVerifyClientCert verifies client certificates: "
            + $"set client_ca_file", stderr);
        Assert.Contains($"{WebConfigPath}:6:8: basic_auth_users: user \"ops\": the value is not a bcrypt hash", stderr);
        Assert.DoesNotContain("hunter2", stderr);

        var check = await ExporterProcess.RunCliAsync("check-config", "--config.file=" + Config, "--web.config.file=" + WebConfigPath);
        Assert.Equal(2, check.ExitCode);
        Assert.Contains($"{WebConfigPath}:6:8: basic_auth_users:", check.Stderr);
        Assert.Contains($"{WebConfigPath}: 2 errors", check.Stderr);

        WriteWebConfig("tls_server_config:\n  cert_file: tls/server.crt\n  key_file: tls/client.key\n");
        var mismatch = await ExporterProcess.RunCliAsync("check-config", "--config.file=" + Config, "--web.config.file=" + WebConfigPath);
        Assert.Equal(2, mismatch.ExitCode);
        Assert.Contains($"{WebConfigPath}:2:14: tls_server_config: cert_file: cannot use \"{Tls.ServerCert}\" "
            + $"with its key", mismatch.Stderr);

        WriteWebConfig($"tls_server_config:\n  cert_file: tls/server.crt\n  key_file: tls/server.key\nbasic_auth_users:\n  "
            + $"ops: {await HashAsync("x")}\n");
        var valid = await ExporterProcess.RunCliAsync("check-config", "--config.file=" + Config, "--web.config.file=" + WebConfigPath);
        Assert.Equal(0, valid.ExitCode);
        Assert.Contains($"{WebConfigPath}: valid (TLS on, 1 basic auth user)", valid.Stdout);
    }

    [Fact]
    public async Task Client_certificates_are_verified_against_the_configured_ca()
    {
        WriteWebConfig("""
            tls_server_config:
              cert_file: tls/server.crt
              key_file: tls/server.key
              client_auth_type: RequireAndVerifyClientCert
              client_ca_file: tls/ca.crt
              client_allowed_sans: [prometheus.test]
            """);
        await using var exporter = await ExporterProcess.StartAsync(Config, null, TlsClient("", "", withClientCertificate: true),
            "--web.config.file=" + WebConfigPath);

        var ok = await Curl.RunAsync("--cacert", Tls.CaCert, "--cert", Tls.ClientCert, "--key", Tls.ClientKey, Url(exporter));
        Assert.Equal(200, ok.Status);
        var without = await Curl.RunAsync("--cacert", Tls.CaCert, Url(exporter));
        Assert.NotEqual(0, without.ExitCode);
        Assert.Equal(0, without.Status);
        var stranger = await Curl.RunAsync("--cacert", Tls.CaCert, "--cert", Tls.StrangerCert, "--key", Tls.StrangerKey, Url(exporter));
        Assert.NotEqual(0, stranger.ExitCode);
        Assert.Equal(0, stranger.Status);

        // The allowed names change while running: the same certificate is now refused at the next handshake.
        File.WriteAllText(WebConfigPath, File.ReadAllText(WebConfigPath).Replace("[prometheus.test]", "[other.test]",
            StringComparison.Ordinal));
        var refused = await Curl.UntilAsync(r => r.ExitCode != 0, "a client certificate without an allowed name is refused",
            "--cacert", Tls.CaCert, "--cert", Tls.ClientCert, "--key", Tls.ClientKey, Url(exporter));
        Assert.Equal(0, refused.Status);
    }

    [Fact]
    public async Task The_documented_example_passes_check_config()
    {
        var doc = await File.ReadAllTextAsync(RepoPaths.Of("docs", "configuration.md"));
        var section = doc[doc.IndexOf("## The web configuration file", StringComparison.Ordinal)..];
        var start = section.IndexOf("```yaml\n", StringComparison.Ordinal) + "```yaml\n".Length;
        var example = section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
        Assert.Contains("/etc/backup-exporter/tls/ca.crt", example);
        // The example's files, made by openssl here: server.crt and ca.crt are where the example names them.
        WriteWebConfig(example.Replace("/etc/backup-exporter/tls/", Tls.Directory + "/", StringComparison.Ordinal));
        var (code, stdout, stderr) = await ExporterProcess.RunCliAsync("check-config", "--config.file=" + Config,
            "--web.config.file=" + WebConfigPath);
        Assert.True(code == 0, stderr);
        Assert.Contains($"{WebConfigPath}: valid (TLS on, 1 basic auth user)", stdout);
    }
}
