using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Web;

/// <summary>
/// Base of the tests of the exporter's HTTP side: a temporary directory with a configuration of one (empty) backup
/// set, test certificates made by openssl, and bcrypt hashes made by Apache's htpasswd, as a site makes them.
/// </summary>
public abstract class WebTest : IAsyncLifetime
{
    /// <summary>The web tests run one at a time: each starts exporters, bcrypt and openssl, and the machine has two cores.</summary>
    public const string Collection = "web";

    protected const string Password = "correct horse";

    protected string Root { get; } = Directory.CreateTempSubdirectory("backup-exporter-web-").FullName;

    protected TlsFiles Tls { get; private set; } = null!;

    protected string Config { get; private set; } = "";

    protected string WebConfigPath => Path.Combine(Root, "web.yml");

    public async Task InitializeAsync()
    {
        Tls = await TlsFiles.MakeAsync(Path.Combine(Root, "tls"));
        Config = TestConfig.Write(Path.Combine(Root, "exporter.yml"),
            [("nightly", Directory.CreateDirectory(Path.Combine(Root, "backups")).FullName, null)]);
    }

    public async Task DisposeAsync() => await ProcessRunner.RunAsync("rm", ["-rf", Root]);

    /// <summary>A bcrypt hash of <paramref name="password"/> by htpasswd (<c>$2y$</c>, as Apache and most sites write them).</summary>
    protected static async Task<string> HashAsync(string password)
    {
        var htpasswd = ProcessRunner.FindExecutable("htpasswd") ?? throw new InvalidOperationException("htpasswd not found. Install it: "
            + "apt-get install apache2-utils");
        return (await ProcessRunner.CheckedAsync(htpasswd, "-nbBC", "10", "", password)).Trim().TrimStart(':');
    }

    /// <summary>
    /// An HttpClient that trusts only the test CA and sends <paramref name="user"/>'s credentials, for readiness polling.
    /// </summary>
    /// <param name="acceptAnyServer">for a server whose certificate is expired on purpose</param>
    protected Func<int, HttpClient> TlsClient(string user, string password, bool withClientCertificate = false,
        bool acceptAnyServer = false) => port =>
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(Tls.CaCert);
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, chain, _) =>
            {
                if (acceptAnyServer)
                    return true;
                chain!.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate!);
            },
        };
        if (withClientCertificate)
            handler.ClientCertificates.Add(X509Certificate2.CreateFromPemFile(Tls.ClientCert, Tls.ClientKey));
        var client = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(user + ":" + password)));
        return client;
    };

    protected string WriteWebConfig(string yaml)
    {
        File.WriteAllText(WebConfigPath, yaml);
        return WebConfigPath;
    }

    protected static string Url(ExporterProcess exporter, string path = "/metrics") => $"https://127.0.0.1:{exporter.Port}{path}";
}
