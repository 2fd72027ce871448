using System.Net.Security;
using System.Security.Authentication;
using BackupExporter.Configuration;

namespace BackupExporter.Web.Security;

/// <summary>Reads <c>tls_server_config</c> with exporter-toolkit's rules, and loads its certificate and CA once to check them.</summary>
internal static class TlsServerConfigReader
{
    public static readonly string[] Keys =
    [
        "cert_file", "key_file", "cert", "key", "client_auth_type", "client_ca_file", "client_ca", "client_allowed_sans",
        "min_version", "max_version", "cipher_suites", "prefer_server_cipher_suites", "curve_preferences",
    ];

    private const string Context = "tls_server_config";

    private static readonly Dictionary<string, ClientAuthType> ClientAuthTypes =
        Enum.GetValues<ClientAuthType>().ToDictionary(t => t.ToString(), StringComparer.Ordinal);

    /// <summary>Go's names of the curves; .NET cannot choose them per connection (see docs/configuration.md).</summary>
    public static readonly string[] Curves = ["CurveP256", "CurveP384", "CurveP521", "X25519", "X25519MLKEM768"];

    public static TlsServerConfig Read(MappingNode node, string baseDirectory, ErrorCollector errors)
    {
        var reader = new MappingReader(node, Context, Keys, errors);
        var certFile = reader.Path("cert_file", baseDirectory);
        var keyFile = reader.Path("key_file", baseDirectory);
        var cert = reader.Text("cert", "PEM text of the certificate");
        var key = reader.Text("key", "PEM text of the private key");
        if (reader.Has("cert_file") && reader.Has("cert"))
            reader.Error(reader.KeyNode("cert")!, "set either cert_file or cert, not both");
        else if (!reader.Has("cert_file") && !reader.Has("cert"))
            reader.Error(node, "missing one of cert or cert_file (the server certificate in PEM)");
        if (reader.Has("key_file") && reader.Has("key"))
            reader.Error(reader.KeyNode("key")!, "set either key_file or key, not both");
        else if (!reader.Has("key_file") && !reader.Has("key"))
            reader.Error(node, "missing one of key or key_file (the certificate's private key in PEM)");

        var clientAuth = reader.Choice("client_auth_type", ClientAuthTypes, "a client authentication type") ?? ClientAuthType.NoClientCert;
        var caFile = reader.Path("client_ca_file", baseDirectory);
        var ca = reader.Text("client_ca", "PEM text of the client CA certificates");
        var verifies = clientAuth is ClientAuthType.VerifyClientCertIfGiven or ClientAuthType.RequireAndVerifyClientCert;
        if (reader.Has("client_ca_file") && reader.Has("client_ca"))
            reader.Error(reader.KeyNode("client_ca")!, "set either client_ca_file or client_ca, not both");
        var hasCa = reader.Has("client_ca_file") || reader.Has("client_ca");
        if (verifies && !hasCa)
            reader.Error(reader.KeyNode("client_auth_type")!, $"{clientAuth} verifies client certificates: set client_ca_file to "
                + $"the CA that signs them");
        else if (hasCa && !verifies)
            reader.Error(reader.KeyNode("client_ca_file") ?? reader.KeyNode("client_ca")!,
                "a client CA is set but client_auth_type does not verify client certificates (use RequireAndVerifyClientCert or "
                    + "VerifyClientCertIfGiven)");

        var sans = Words(reader, "client_allowed_sans", "a list of DNS names or IP addresses");
        if (sans.Count > 0 && !verifies)
            reader.Error(reader.KeyNode("client_allowed_sans")!, "client_allowed_sans needs a verified client certificate "
                + "(client_auth_type RequireAndVerifyClientCert or VerifyClientCertIfGiven)");

        var min = reader.Choice("min_version", TlsVersions.Names, "a TLS version") ?? SslProtocols.Tls12;
        var max = reader.Choice("max_version", TlsVersions.Names, "a TLS version") ?? SslProtocols.Tls13;
        if (TlsVersions.Rank(min) > TlsVersions.Rank(max))
            reader.Error(reader.Value("max_version") ?? reader.Value("min_version")!, "max_version is lower than min_version");

        var suites = CipherSuites(reader);
        WebConfigLoader.Bool(reader, "prefer_server_cipher_suites"); // accepted for compatibility; Go ignores it since 1.17
        var curves = Words(reader, "curve_preferences", "a list of curve names");
        foreach (var (curve, at) in curves)
            if (!Curves.Contains(curve, StringComparer.Ordinal))
                reader.Error(at, "curve_preferences", $"\"{curve}\" is not a curve (use {string.Join(", ", Curves)})"
                    + $"{DidYouMean.Hint(curve, Curves)}");

        var config = new TlsServerConfig
        {
            CertFile = certFile,
            KeyFile = keyFile,
            InlineCert = cert,
            InlineKey = key,
            ClientAuth = clientAuth,
            ClientCaFile = caFile,
            InlineClientCa = ca,
            ClientAllowedSans = sans.Select(s => s.Word).ToList(),
            MinVersion = min,
            MaxVersion = max,
            CipherSuites = suites,
            CurvePreferences = curves.Select(c => c.Word).ToList(),
        };
        if (errors.Count == 0)
            TryLoad(config, reader);
        return config;
    }

    /// <summary>Loads the certificate and the CA now, so a file that would fail every handshake is refused at once.</summary>
    private static void TryLoad(TlsServerConfig config, MappingReader reader)
    {
        if (ServerCertificateFiles.Load(config) is { Error: { } certError })
            reader.Error(reader.Value("cert_file") ?? reader.Value("cert")!, "cert_file", certError);
        if (config.VerifiesClients && ClientCertificateCheck.LoadCa(config) is { Error: { } caError })
            reader.Error(reader.Value("client_ca_file") ?? reader.Value("client_ca")!, "client_ca_file", caError);
    }

    private static List<TlsCipherSuite>? CipherSuites(MappingReader reader)
    {
        if (!reader.Has("cipher_suites")) return null;
        var suites = new List<TlsCipherSuite>();
        foreach (var (name, at) in Words(reader, "cipher_suites", "a list of cipher suite names"))
        {
            // Go names the ChaCha20 suites also without the _SHA256 that IANA (and .NET) give them.
            var iana = name.EndsWith("_CHACHA20_POLY1305", StringComparison.Ordinal) ? name + "_SHA256" : name;
            if (iana.StartsWith("TLS_", StringComparison.Ordinal) && Enum.TryParse<TlsCipherSuite>(iana, ignoreCase: false, out var suite))
                suites.Add(suite);
            else
                reader.Error(at, "cipher_suites", $"\"{name}\" is not a TLS cipher suite name (e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)"
                    + $"{DidYouMean.Hint(name, Enum.GetNames<TlsCipherSuite>())}");
        }
        return suites;
    }

    private static List<(string Word, TreeNode At)> Words(MappingReader reader, string key, string expected)
    {
        var words = new List<(string, TreeNode)>();
        foreach (var item in reader.Sequence(key, expected))
        {
            if (item is ScalarNode { IsNull: false } scalar && scalar.Value.Length > 0)
                words.Add((scalar.Value, scalar));
            else if (item is not BrokenNode)
                reader.Error(item, key, $"expected a word, got {item.Describe()}");
        }
        return words;
    }
}
