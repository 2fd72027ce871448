using System.Net.Security;
using System.Security.Authentication;
using BackupExporter.Tests.Support;
using BackupExporter.Web.Security;

namespace BackupExporter.Tests.Web.Security;

public sealed class WebConfigLoaderTests : IDisposable
{
    private const string Hash = "$2y$10$eZ1zjq844peIQEnX0LVbnu5t.jyScDJQqZgi31jVg01iW90145kYa"; // "secret"
    private readonly TempDirectory _dir = new();

    private string[] Errors(string yaml)
    {
        var path = _dir.File("web.yml");
        File.WriteAllText(path, yaml);
        var (config, errors) = WebConfigLoader.Load(path);
        Assert.Null(config);
        Assert.All(errors, e => Assert.Equal(path, e.File));
        return errors.Select(e => $"{e.Line}:{e.Column}: {e.Message}").ToArray();
    }

    [Fact]
    public void A_toolkit_file_loads_with_paths_relative_to_its_directory()
    {
        TestCertificates.Write(_dir.Path, "server");
        TestCertificates.Write(_dir.Path, "ca");
        var path = _dir.File("web.yml");
        File.WriteAllText(path, $"""
            tls_server_config:
              cert_file: server.crt
              key_file: server.key
              client_auth_type: RequireAndVerifyClientCert
              client_ca_file: ca.crt
              client_allowed_sans: [prometheus.example.org]
              min_version: TLS13
              cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305]
              curve_preferences: [X25519, CurveP256]
              prefer_server_cipher_suites: true
            http_server_config:
              http2: false
              headers:
                X-Frame-Options: deny
                Strict-Transport-Security: max-age=31536000
            basic_auth_users:
              prometheus: {Hash}
            rate_limit:
              interval: 1s
              burst: 5
            """);
        var (config, errors) = WebConfigLoader.Load(path);
        Assert.Empty(errors);
        var tls = config!.Tls!;
        Assert.Equal(_dir.File("server.crt"), tls.CertFile);
        Assert.Equal(_dir.File("ca.crt"), tls.ClientCaFile);
        Assert.Equal(ClientAuthType.RequireAndVerifyClientCert, tls.ClientAuth);
        Assert.Equal(SslProtocols.Tls13, tls.Protocols);
        Assert.Equal([TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256],
            tls.CipherSuites);
        Assert.Equal(["prometheus.example.org"], tls.ClientAllowedSans);
        Assert.False(config.Http.Http2);
        Assert.Equal(2, config.Http.Headers.Count);
        Assert.Equal(Hash, config.BasicAuthUsers["prometheus"]);
        Assert.Equal(new RateLimitConfig(TimeSpan.FromSeconds(1), 5), config.RateLimit);
    }

    [Fact]
    public void An_empty_file_means_plain_http_without_authentication()
    {
        var path = _dir.File("empty.yml");
        File.WriteAllText(path, "# nothing\n");
        var (config, errors) = WebConfigLoader.Load(path);
        Assert.Empty(errors);
        Assert.Null(config!.Tls);
        Assert.False(config.RequiresAuthentication);
    }

    [Fact]
    public void Unknown_keys_and_wrong_words_are_located_with_a_suggestion()
    {
        Assert.Equal(["1:1: unknown key \"basic_auth_user\" at top level; did you mean \"basic_auth_users\"?"],
            Errors("basic_auth_user:\n  a: b\n"));
        Assert.Equal(
        [
            "2:3: unknown key \"certfile\" in tls_server_config; did you mean \"cert_file\"?",
            "2:3: tls_server_config: missing one of cert or cert_file (the server certificate in PEM)",
            "4:16: tls_server_config: min_version: \"TLS1.2\" is not a TLS version (use TLS10, TLS11, TLS12, TLS13); "
                + "did you mean \"TLS12\"?",
            "5:19: tls_server_config: cipher_suites: \"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA255\" is not a TLS cipher suite name (e.g. "
                + "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256); did you mean \"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\"?",
            "6:23: tls_server_config: curve_preferences: \"P256\" is not a curve (use CurveP256, CurveP384, CurveP521, "
                + "X25519, X25519MLKEM768)",
            "8:3: unknown key \"http3\" in http_server_config; did you mean \"http2\"?",
            "10:5: http_server_config: headers: \"X-Powered-By\" cannot be set (allowed: Strict-Transport-Security, "
                + "X-Content-Type-Options, X-Frame-Options, X-XSS-Protection, Content-Security-Policy)",
            "11:29: http_server_config: headers: X-Content-Type-Options: \"sniff\" is not one of nosniff",
        ], Errors("""
            tls_server_config:
              certfile: a.pem
              key_file: a.key
              min_version: TLS1.2
              cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA255]
              curve_preferences: [P256]
            http_server_config:
              http3: true
              headers:
                X-Powered-By: me
                X-Content-Type-Options: sniff
            """));
    }

    [Fact]
    public void A_password_where_a_hash_belongs_is_refused_without_being_repeated()
    {
        var errors = Errors("basic_auth_users:\n  alice: hunter2hunter2\n  \"bob:x\": " + Hash + "\n");
        Assert.Equal(2, errors.Length);
        Assert.StartsWith("2:10: basic_auth_users: user \"alice\": the value is not a bcrypt hash", errors[0]);
        Assert.StartsWith("3:3: basic_auth_users: user \"bob:x\": a user name cannot contain ':'", errors[1]);
        Assert.DoesNotContain(errors, e => e.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public void Client_authentication_needs_a_consistent_ca()
    {
        TestCertificates.Write(_dir.Path, "server");
        TestCertificates.Write(_dir.Path, "ca");
        Assert.Equal(
            ["4:3: tls_server_config: RequireAndVerifyClientCert verifies client certificates: set client_ca_file to "
                + "the CA that signs them"],
            Errors("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: "
                + "RequireAndVerifyClientCert\n"));
        Assert.Equal(
            ["4:3: tls_server_config: a client CA is set but client_auth_type does not verify client certificates (use "
                + "RequireAndVerifyClientCert or VerifyClientCertIfGiven)",
             "5:3: tls_server_config: client_allowed_sans needs a verified client certificate (client_auth_type RequireAndVerifyClientCert "
                 + "or VerifyClientCertIfGiven)"],
            Errors("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_ca_file: ca.crt\n  "
                + "client_allowed_sans: [a]\n"));
    }

    [Fact]
    public void Certificate_files_that_would_fail_every_handshake_are_refused_at_load()
    {
        var (cert, _) = TestCertificates.Write(_dir.Path, "server");
        TestCertificates.Write(_dir.Path, "other");
        Assert.Equal([$"2:14: tls_server_config: cert_file: cannot read the certificate \"{_dir.File("missing.crt")}\": no such file"],
            Errors("tls_server_config:\n  cert_file: missing.crt\n  key_file: server.key\n"));
        var mismatch = Assert.Single(Errors("tls_server_config:\n  cert_file: server.crt\n  key_file: other.key\n"));
        Assert.StartsWith($"2:14: tls_server_config: cert_file: cannot use \"{cert}\" with its key: ", mismatch);
        File.WriteAllText(_dir.File("garbage.crt"), "not a certificate\n");
        Assert.Equal([$"2:14: tls_server_config: cert_file: \"{_dir.File("garbage.crt")}\" holds no PEM certificate "
            + $"(-----BEGIN CERTIFICATE-----)"],
            Errors("tls_server_config:\n  cert_file: garbage.crt\n  key_file: server.key\n"));
    }

    [Fact]
    public void Broken_yaml_is_located()
    {
        Assert.Equal(["3:1: YAML syntax error"], Errors("basic_auth_users:\n  - [\n").Select(e => e[..Math.Min(e.Length, 22)]).ToArray());
    }

    public void Dispose() => _dir.Dispose();
}
