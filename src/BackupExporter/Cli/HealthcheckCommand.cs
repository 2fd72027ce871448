using System.Net;
using BackupExporter.Web.Security;

namespace BackupExporter.Cli;

/// <summary>
/// <c>backup-exporter healthcheck</c>: GET /-/healthy of a running exporter, for a container's HEALTHCHECK, so that
/// the image needs no curl. Exit 0 when it answers 200, 1 when it answers otherwise or not at all (Docker's codes).
/// With the exporter's own <c>--web.config.file</c> it speaks TLS where that file turns it on, and a 401 from an
/// exporter behind basic authentication counts as alive: the file holds only bcrypt hashes, never a password to send,
/// and an answer from the authentication layer proves that the process serves requests.
/// </summary>
internal static class HealthcheckCommand
{
    public const int Unhealthy = 1;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(CommandLine line, TextWriter stdout, TextWriter stderr)
    {
        var address = line.Flag("web.listen-address");
        if (HealthUrl(address) is not { } url)
        {
            stderr.WriteLine($"--web.listen-address=\"{address}\" is not host:port or :port");
            return ExitCodes.InvalidInput;
        }
        var web = WebConfig.None;
        if (line.OptionalFlag("web.config.file") is { } webConfigFile)
        {
            var (config, errors) = WebConfigLoader.Load(webConfigFile);
            if (config is null)
            {
                foreach (var error in errors)
                    stderr.WriteLine(error.ToString());
                return ExitCodes.InvalidInput;
            }
            web = config;
        }
        if (web.Tls is not null)
            url = new UriBuilder(url) { Scheme = Uri.UriSchemeHttps, Port = url.Port }.Uri;

        // The certificate is not checked: it names the site's host, not the loopback address asked here, and this
        // is a liveness probe of the process next to it, which sends nothing secret.
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var client = new HttpClient(handler) { Timeout = Timeout };
        try
        {
            using var response = await client.GetAsync(url);
            if (response.IsSuccessStatusCode || (response.StatusCode == HttpStatusCode.Unauthorized && web.RequiresAuthentication))
            {
                stdout.WriteLine($"{url}: {(int)response.StatusCode} {response.ReasonPhrase}");
                return ExitCodes.Ok;
            }
            stderr.WriteLine($"{url}: {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            stderr.WriteLine($"{url}: {(e is TaskCanceledException ? $"no answer within {Timeout.TotalSeconds:0}s" : e.Message)}");
        }
        return Unhealthy;
    }

    /// <summary>
    /// The listen address as a URL to connect to: a wildcard host (<c>:9407</c>, <c>0.0.0.0</c>, <c>[::]</c>) means loopback.
    /// </summary>
    internal static Uri? HealthUrl(string address)
    {
        var colon = address.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(address[(colon + 1)..], out var port) || port is < 1 or > 65535)
            return null;
        var host = address[..colon];
        host = host is "" or "0.0.0.0" or "*" ? "127.0.0.1" : host is "[::]" ? "[::1]" : host;
        return Uri.TryCreate($"http://{host}:{port}/-/healthy", UriKind.Absolute, out var url) ? url : null;
    }
}
