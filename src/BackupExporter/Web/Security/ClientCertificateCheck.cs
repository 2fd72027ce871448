using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BackupExporter.Web.Security;

/// <summary>
/// Decides whether a client's certificate passes <c>client_auth_type</c>: as Go's crypto/tls, a verifying type checks
/// the chain up to <c>client_ca_file</c> for client authentication, then <c>client_allowed_sans</c> if set.
/// </summary>
internal static class ClientCertificateCheck
{
    private const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    public static (X509Certificate2Collection? Ca, string? Error) LoadCa(TlsServerConfig tls)
    {
        try
        {
            var ca = new X509Certificate2Collection();
            ca.ImportFromPem(tls.InlineClientCa ?? File.ReadAllText(tls.ClientCaFile!));
            return ca.Count == 0
                ? (null, $"{Where(tls)} holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
                : (ca, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read the client CA {Where(tls)}: {ServerCertificateFiles.Reason(ex)}");
        }
        catch (CryptographicException ex)
        {
            return (null, $"cannot read the client CA {Where(tls)}: {ex.Message}");
        }
    }

    public static bool Accepts(TlsServerConfig tls, X509Certificate2Collection? ca, X509Certificate? presented)
    {
        if (presented is null)
            return tls.ClientAuth is ClientAuthType.NoClientCert or ClientAuthType.RequestClientCert
                or ClientAuthType.VerifyClientCertIfGiven;
        if (!tls.VerifiesClients)
            return true;
        if (ca is null)
            return false;
        using var certificate = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthenticationOid));
        if (!chain.Build(certificate))
            return false;
        return tls.ClientAllowedSans.Count == 0 || HasAllowedSan(certificate, tls.ClientAllowedSans);
    }

    private static bool HasAllowedSan(X509Certificate2 certificate, IReadOnlyList<string> allowed)
    {
        var raw = certificate.Extensions.FirstOrDefault(e => e.Oid?.Value == "2.5.29.17");
        if (raw is null)
            return false;
        var extension = new X509SubjectAlternativeNameExtension(raw.RawData);
        var names = extension.EnumerateDnsNames().Concat(extension.EnumerateIPAddresses().Select(ip => ip.ToString()));
        return names.Any(name => allowed.Any(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(a, out var ip) && ip.ToString() == name)));
    }

    private static string Where(TlsServerConfig tls) => tls.ClientCaFile is null ? "(inline client_ca)" : $"\"{tls.ClientCaFile}\"";
}
