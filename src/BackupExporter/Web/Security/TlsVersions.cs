using System.Security.Authentication;

namespace BackupExporter.Web.Security;

/// <summary>Go's TLS version names (<c>TLS12</c>) as exporter-toolkit accepts them, and .NET's protocol flags.</summary>
internal static class TlsVersions
{
    // TLS 1.0 and 1.1 are refused by the system's OpenSSL security level anyway; they are accepted in the file so
    // that a site's existing file loads, and the handshake then uses what OpenSSL allows.
#pragma warning disable SYSLIB0039, CA5397 // TLS 1.0/1.1 named on purpose: they are words of the file format
    public static readonly IReadOnlyDictionary<string, SslProtocols> Names = new Dictionary<string, SslProtocols>(StringComparer.Ordinal)
    {
        ["TLS10"] = SslProtocols.Tls,
        ["TLS11"] = SslProtocols.Tls11,
        ["TLS12"] = SslProtocols.Tls12,
        ["TLS13"] = SslProtocols.Tls13,
    };

    private static readonly SslProtocols[] Ordered = [SslProtocols.Tls, SslProtocols.Tls11, SslProtocols.Tls12, SslProtocols.Tls13];
#pragma warning restore SYSLIB0039, CA5397

    public static SslProtocols Between(SslProtocols min, SslProtocols max)
    {
        var result = SslProtocols.None;
        foreach (var version in Ordered)
            if (Rank(version) >= Rank(min) && Rank(version) <= Rank(max))
                result |= version;
        return result;
    }

    public static int Rank(SslProtocols version) => Array.IndexOf(Ordered, version);
}
