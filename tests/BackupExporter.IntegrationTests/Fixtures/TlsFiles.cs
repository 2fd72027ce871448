using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>
/// A test CA with server and client certificates made by the real <c>openssl</c>, as a site would make them. The
/// expired server certificate is signed with .NET's CertificateRequest, because OpenSSL 3.0's command line cannot
/// date a certificate in the past: it is valid for the CA's first second, so it has expired by the time it is used.
/// </summary>
public sealed class TlsFiles
{
    private TlsFiles(string directory) => Directory = directory;

    public string Directory { get; }

    public string CaCert => File("ca.crt");

    public string ServerCert => File("server.crt");

    public string ServerKey => File("server.key");

    public string ClientCert => File("client.crt");

    public string ClientKey => File("client.key");

    /// <summary>A client certificate from a CA the exporter does not trust.</summary>
    public string StrangerCert => File("stranger.crt");

    public string StrangerKey => File("stranger.key");

    public string ExpiredServerCert => File("expired.crt");

    public string ExpiredServerKey => File("expired.key");

    public string File(string name) => Path.Combine(Directory, name);

    public static async Task<TlsFiles> MakeAsync(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        var files = new TlsFiles(directory);
        await files.SelfSignedAsync("ca", "/CN=backup-exporter test CA");
        await files.SelfSignedAsync("stranger-ca", "/CN=unknown CA");
        await files.SignedAsync("server", "/CN=localhost", "ca",
            "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        await files.SignedAsync("client", "/CN=prometheus", "ca", "subjectAltName=DNS:prometheus.test\nextendedKeyUsage=clientAuth\n");
        await files.SignedAsync("stranger", "/CN=prometheus", "stranger-ca",
            "subjectAltName=DNS:prometheus.test\nextendedKeyUsage=clientAuth\n");
        files.Expired();
        return files;
    }

    private async Task SelfSignedAsync(string name, string subject) => await ProcessRunner.CheckedAsync("openssl", "req", "-x509",
        "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", File(name + ".key"), "-out", File(name + ".crt"),
        "-days", "2", "-subj", subject);

    private async Task SignedAsync(string name, string subject, string ca, string extensions)
    {
        await System.IO.File.WriteAllTextAsync(File(name + ".ext"), extensions);
        await ProcessRunner.CheckedAsync("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", File(name + ".key"), "-out", File(name + ".csr"), "-subj", subject);
        await ProcessRunner.CheckedAsync("openssl", "x509", "-req", "-in", File(name + ".csr"), "-CA", File(ca + ".crt"),
            "-CAkey", File(ca + ".key"), "-CAcreateserial", "-out", File(name + ".crt"), "-days", "2", "-extfile", File(name + ".ext"));
    }

    /// <summary>A server certificate for 127.0.0.1 from the test CA, valid only in the CA's first second.</summary>
    private void Expired()
    {
        using var ca = X509Certificate2.CreateFromPemFile(CaCert, File("ca.key"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var sans = new SubjectAlternativeNameBuilder();
        sans.AddDnsName("localhost");
        sans.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(sans.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        // A certificate may not start before its issuer; the CA starts now.
        var start = new DateTimeOffset(ca.NotBefore.ToUniversalTime());
        using var certificate = request.Create(ca, start, start.AddSeconds(1), RandomNumberGenerator.GetBytes(8));
        while (DateTimeOffset.UtcNow <= certificate.NotAfter.ToUniversalTime())
            Thread.Sleep(100); // wait for the condition (expiry), not for an assumed duration
        System.IO.File.WriteAllText(ExpiredServerCert, certificate.ExportCertificatePem());
        System.IO.File.WriteAllText(ExpiredServerKey, key.ExportPkcs8PrivateKeyPem());
    }
}
