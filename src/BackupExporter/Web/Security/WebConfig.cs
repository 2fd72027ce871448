using System.Net.Security;
using System.Security.Authentication;

namespace BackupExporter.Web.Security;

/// <summary>
/// The web configuration file (<c>--web.config.file</c>) in the Prometheus exporter-toolkit format, so that the
/// file a site already uses for node_exporter or mysqld_exporter works unchanged. Paths are absolute (resolved
/// against the file's directory). No value here is ever printed: hashes and inline keys are secrets.
/// </summary>
internal sealed record WebConfig(
    TlsServerConfig? Tls,
    IReadOnlyDictionary<string, string> BasicAuthUsers,
    HttpServerConfig Http,
    RateLimitConfig? RateLimit)
{
    /// <summary>No file given: plain HTTP, no authentication, as without exporter-toolkit.</summary>
    public static readonly WebConfig None = new(null, new Dictionary<string, string>(), HttpServerConfig.Default, null);

    public bool RequiresAuthentication => BasicAuthUsers.Count > 0;
}

/// <summary><c>tls_server_config</c>. The certificate comes from files (re-read when they change) or inline PEM text.</summary>
internal sealed record TlsServerConfig
{
    public string? CertFile { get; init; }

    public string? KeyFile { get; init; }

    public string? InlineCert { get; init; }

    public string? InlineKey { get; init; }

    public ClientAuthType ClientAuth { get; init; } = ClientAuthType.NoClientCert;

    public string? ClientCaFile { get; init; }

    public string? InlineClientCa { get; init; }

    public IReadOnlyList<string> ClientAllowedSans { get; init; } = [];

    public SslProtocols MinVersion { get; init; } = SslProtocols.Tls12;

    public SslProtocols MaxVersion { get; init; } = SslProtocols.Tls13;

    /// <summary>The allowed TLS 1.2 cipher suites; null: the platform's default.</summary>
    public IReadOnlyList<TlsCipherSuite>? CipherSuites { get; init; }

    public IReadOnlyList<string> CurvePreferences { get; init; } = [];

    /// <summary>The protocols from <see cref="MinVersion"/> to <see cref="MaxVersion"/>.</summary>
    public SslProtocols Protocols => TlsVersions.Between(MinVersion, MaxVersion);

    public bool VerifiesClients => ClientAuth is ClientAuthType.VerifyClientCertIfGiven or ClientAuthType.RequireAndVerifyClientCert;

    public bool RequestsClientCertificate => ClientAuth != ClientAuthType.NoClientCert;
}

/// <summary>Go's <c>tls.ClientAuthType</c> names, as exporter-toolkit spells them.</summary>
internal enum ClientAuthType
{
    NoClientCert,
    RequestClientCert,
    RequireAnyClientCert,
    VerifyClientCertIfGiven,
    RequireAndVerifyClientCert,
}

/// <summary><c>http_server_config</c>: HTTP/2 on TLS (a change needs a restart) and extra response headers.</summary>
internal sealed record HttpServerConfig(bool Http2, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public static readonly HttpServerConfig Default = new(true, []);
}

/// <summary><c>rate_limit</c>: at most one request per <see cref="Interval"/> on average, <see cref="Burst"/> at once.</summary>
internal sealed record RateLimitConfig(TimeSpan Interval, int Burst);
