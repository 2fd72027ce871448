using System.Security.Cryptography.X509Certificates;

namespace BackupExporter.Web.Security;

/// <summary>One loaded, valid web configuration with its certificate and client CA: swapped whole on a change.</summary>
internal sealed record WebSettings(WebConfig Config, ServerCertificate? Certificate, X509Certificate2Collection? ClientCa)
{
    public static readonly WebSettings None = new(WebConfig.None, null, null);

    /// <summary>Loads the certificate and CA of a validated configuration; an error when a file changed since validation.</summary>
    public static (WebSettings? Settings, string? Error) Load(WebConfig config)
    {
        if (config.Tls is not { } tls)
            return (new WebSettings(config, null, null), null);
        var (certificate, certError) = ServerCertificateFiles.Load(tls);
        if (certificate is null)
            return (null, certError);
        X509Certificate2Collection? ca = null;
        if (tls.VerifiesClients)
        {
            (ca, var caError) = ClientCertificateCheck.LoadCa(tls);
            if (ca is null)
                return (null, caError);
        }
        return (new WebSettings(config, certificate, ca), null);
    }
}
