using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BackupExporter.Web.Security;

/// <summary>The server certificate ready for handshakes: its context (leaf and intermediates) and its leaf.</summary>
internal sealed record ServerCertificate(SslStreamCertificateContext Context, X509Certificate2 Leaf);

/// <summary>Loads <c>cert_file</c>/<c>key_file</c> (or inline PEM): the first certificate is the leaf, the rest its chain.</summary>
internal static class ServerCertificateFiles
{
    public static (ServerCertificate? Certificate, string? Error) Load(TlsServerConfig tls)
    {
        string certPem, keyPem;
        try
        {
            certPem = tls.InlineCert ?? File.ReadAllText(tls.CertFile!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read the certificate \"{tls.CertFile}\": {Reason(ex)}");
        }
        try
        {
            keyPem = tls.InlineKey ?? File.ReadAllText(tls.KeyFile!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read the key \"{tls.KeyFile}\": {Reason(ex)}");
        }
        var where = tls.CertFile is null ? "the inline certificate" : $"\"{tls.CertFile}\"";
        try
        {
            var chain = new X509Certificate2Collection();
            chain.ImportFromPem(certPem);
            if (chain.Count == 0)
                return (null, $"{where} holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
            // The key's text is never part of a message: CryptographicException messages do not quote it.
            using var leafWithKey = X509Certificate2.CreateFromPem(certPem, keyPem);
            // Exported and imported again so that the key is usable by SslStream on every platform.
            var leaf = X509CertificateLoader.LoadPkcs12(leafWithKey.Export(X509ContentType.Pkcs12), null);
            var context = SslStreamCertificateContext.Create(leaf, new X509Certificate2Collection(chain.Skip(1).ToArray()), offline: true);
            return (new ServerCertificate(context, leaf), null);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            return (null, $"cannot use {where} with its key: {ex.Message.TrimEnd('.')} (both must be PEM, and the key must belong to "
                + $"the first certificate)");
        }
    }

    /// <summary>The files behind the certificate, to notice when they change.</summary>
    public static IEnumerable<string> Files(TlsServerConfig tls)
    {
        if (tls.CertFile is not null) yield return tls.CertFile;
        if (tls.KeyFile is not null) yield return tls.KeyFile;
        if (tls.ClientCaFile is not null) yield return tls.ClientCaFile;
    }

    internal static string Reason(Exception ex) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file",
        UnauthorizedAccessException => "permission denied",
        _ => ex.Message,
    };
}
