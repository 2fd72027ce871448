using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BackupExporter.Tests.Support;

/// <summary>Self-signed PEM certificate and key files made with .NET's CertificateRequest, for the web configuration tests.</summary>
internal static class TestCertificates
{
    public static (string Cert, string Key) Write(string directory, string name, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var sans = new SubjectAlternativeNameBuilder();
        sans.AddDnsName("localhost");
        request.CertificateExtensions.Add(sans.Build());
        var until = notAfter ?? DateTimeOffset.UtcNow.AddDays(1);
        using var certificate = request.CreateSelfSigned(until.AddDays(-2), until);
        var certPath = Path.Combine(directory, name + ".crt");
        var keyPath = Path.Combine(directory, name + ".key");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath);
    }
}
