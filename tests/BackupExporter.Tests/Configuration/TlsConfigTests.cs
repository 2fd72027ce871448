using BackupExporter.Configuration;
using BackupExporter.Inspection.Server;

namespace BackupExporter.Tests.Configuration;

public sealed class TlsConfigTests
{
    private static (ExporterConfig? Config, IReadOnlyList<ConfigError> Errors) Parse(string tls) => ConfigLoader.Parse($"""
        servers:
          - name: db
            host: db.example.com
        {tls}
        backups:
          - name: nightly
            kind: mysqldump
            path: /backup
        """, "/etc/backup-exporter/config.yml");

    [Fact]
    public void Tls_settings_reach_the_connection()
    {
        var (config, errors) = Parse("    tls_mode: verify_identity\n    tls_ca_file: ca.pem\n    tls_cert_file: client.pem\n    "
            + "tls_key_file: client.key");

        Assert.Empty(errors);
        var tls = config!.Servers[0].Tls;
        Assert.Equal(new TlsConfig(TlsMode.VerifyIdentity, "/etc/backup-exporter/ca.pem", "/etc/backup-exporter/client.pem",
            "/etc/backup-exporter/client.key"), tls);
        var connection = ServerCredentials.Build(config.Servers[0]).ConnectionString;
        Assert.Contains("SSL Mode=VerifyFull", connection);
        Assert.Contains("SSL CA=/etc/backup-exporter/ca.pem", connection);
    }

    [Fact]
    public void A_ca_file_alone_means_verify_the_server()
    {
        Assert.Equal(TlsMode.VerifyCa, Parse("    tls_ca_file: /ca.pem").Config!.Servers[0].Tls!.Mode);
        Assert.Null(Parse("").Config!.Servers[0].Tls);
    }

    [Theory]
    [InlineData("    tls_mode: verify_ca", "tls_mode verify_ca and verify_identity need tls_ca_file")]
    [InlineData("    tls_cert_file: c.pem", "a client certificate needs both tls_cert_file and tls_key_file")]
    [InlineData("    tls_mode: verify", "\"verify\" is not a TLS mode")]
    public void Tls_mistakes_are_reported(string tls, string message)
    {
        var (config, errors) = Parse(tls);
        Assert.Null(config);
        Assert.Contains(errors, e => e.Message.Contains(message, StringComparison.Ordinal));
    }
}
