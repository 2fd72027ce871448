using System.Net.Security;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace BackupExporter.Web.Security;

/// <summary>
/// Builds the TLS options of each handshake from the web configuration in force, so that a rotated certificate,
/// a new client CA or a new cipher list applies to the next connection without a restart.
/// </summary>
internal sealed class TlsHandshake(WebConfigStore store)
{
    // TLS 1.3 suites are not configurable in Go's crypto/tls; cipher_suites restricts TLS 1.2 only, as there.
    private static readonly TlsCipherSuite[] Tls13Suites =
        [TlsCipherSuite.TLS_AES_128_GCM_SHA256, TlsCipherSuite.TLS_AES_256_GCM_SHA384, TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256];

    // The TLS settings of the last configuration that had them: the listeners stay TLS until a restart.
    private WebSettings _lastWithTls = store.Initial;

    public ValueTask<SslServerAuthenticationOptions> OptionsAsync(TlsHandshakeCallbackContext context)
    {
        var settings = store.Current;
        if (settings.Config.Tls is null || settings.Certificate is null)
            settings = _lastWithTls;
        else
            _lastWithTls = settings;
        var tls = settings.Config.Tls!;
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = settings.Certificate!.Context,
            EnabledSslProtocols = tls.Protocols,
            ClientCertificateRequired = tls.RequestsClientCertificate,
            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                ClientCertificateCheck.Accepts(tls, settings.ClientCa, certificate),
        };
        if (tls.CipherSuites is { } suites && !OperatingSystem.IsWindows()) // Windows (SChannel) has no per-connection list
            options.CipherSuitesPolicy = new CipherSuitesPolicy(suites.Concat(Tls13Suites).Distinct());
        return ValueTask.FromResult(options);
    }
}
