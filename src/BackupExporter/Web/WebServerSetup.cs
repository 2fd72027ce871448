using System.IO.Compression;
using System.Net;
using BackupExporter.Web.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.ResponseCompression;

namespace BackupExporter.Web;

/// <summary>Kestrel's listeners (TLS and HTTP/2 as the web configuration says at start) and gzip of responses.</summary>
internal static class WebServerSetup
{
    public static void Configure(WebApplicationBuilder builder, WebOptions options, WebConfigStore webConfig)
    {
        var initial = webConfig.Initial.Config;
        var handshake = new TlsHandshake(webConfig);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            foreach (var address in options.ListenAddresses)
            {
                void Listener(ListenOptions listen)
                {
                    if (initial.Tls is null)
                    {
                        listen.Protocols = HttpProtocols.Http1; // HTTP/2 without TLS (h2c) is not what scrapers speak
                        return;
                    }
                    listen.Protocols = initial.Http.Http2 ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
                    listen.UseHttps(new TlsHandshakeCallbackOptions { OnConnection = handshake.OptionsAsync });
                }
                if (address.Addresses() is not { } ips)
                    kestrel.ListenAnyIP(address.Port, Listener);
                else
                    foreach (var ip in ips)
                        kestrel.Listen(new IPEndPoint(ip, address.Port), Listener);
            }
        });

        // Prometheus always asks for gzip; at 1,000 backup sets /metrics is 1.67 MB uncompressed. The fastest level
        // is most of the size gain for a fraction of the time. Nothing served reflects request input, so compressing
        // over TLS gives BREACH nothing to guess.
        builder.Services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add(new GzipCompressionProvider(Microsoft.Extensions.Options.Options.Create(
                new GzipCompressionProviderOptions { Level = CompressionLevel.Fastest })));
            o.MimeTypes = ["text/plain", "text/html", "application/json"];
        });
    }
}
