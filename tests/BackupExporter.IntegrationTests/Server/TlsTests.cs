using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Server;

/// <summary>A server that accepts its monitoring account only over TLS, with a CA and certificate made by openssl.</summary>
public sealed class TlsTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("backup-exporter-tls-").FullName;
    private MariaDbServer _server = null!;

    private string Pki(string name) => Path.Combine(_root, name);

    public async Task InitializeAsync()
    {
        await ProcessRunner.ShellAsync($"""
            cd '{_root}'
            openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj '/CN=test CA' -keyout ca.key -out ca.pem 2>/dev/null
            openssl req -newkey rsa:2048 -nodes -subj '/CN=localhost' -keyout server.key -out server.csr 2>/dev/null
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 -out server.pem 2>/dev/null
            chmod 644 *.pem *.key
            """);
        _server = await MariaDbServer.StartOwnAsync($"--ssl-ca={Pki("ca.pem")}", $"--ssl-cert={Pki("server.pem")}",
            $"--ssl-key={Pki("server.key")}");
        await _server.ExecuteAsync("""
            CREATE USER 'tls'@'localhost' IDENTIFIED BY 'pw' REQUIRE SSL;
            CREATE USER 'tls'@'127.0.0.1' IDENTIFIED BY 'pw' REQUIRE SSL;
            """);
        await File.WriteAllTextAsync(Pki("tls.password"), "pw\n");
        File.SetUnixFileMode(Pki("tls.password"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await ProcessRunner.RunAsync("rm", ["-rf", _root]);
    }

    private async Task<ExporterProcess> ExporterAsync(string mode, string? caFile = null)
    {
        var config = await new ConfigBuilder()
            .Server("db", s => s.Host("127.0.0.1", _server.Port).User("tls").PasswordFile(Pki("tls.password")).Tls(mode, caFile))
            .Backup("nightly", SetKind.Mysqldump, _root)
            .WriteToAsync(Pki($"config-{Guid.NewGuid():N}.yml"));
        return await ExporterProcess.StartAsync(config);
    }

    [Fact]
    public async Task The_server_is_reached_over_verified_tls_and_refused_without_it()
    {
        await using (var verified = await ExporterAsync("verify_ca", Pki("ca.pem")))
            Assert.Equal(1, (await verified.ScrapeAsync()).Value("mysql_backup_server_up", ("server", "db")));

        await using (var plain = await ExporterAsync("disabled"))
        {
            Assert.Equal(0, (await plain.ScrapeAsync()).Value("mysql_backup_server_up", ("server", "db")));
            Assert.Contains("Access denied for user 'tls'", (await plain.GetAsync("/api/v1/status")).Body);
        }
    }
}
