using BackupExporter.Web.Security;

namespace BackupExporter.Tests.Web.Security;

/// <summary>What a reload may not take away: TLS, authentication, a client-certificate requirement or its verification.</summary>
public sealed class ProtectionChangeTests
{
    private static readonly Dictionary<string, string> Users = new() { ["prometheus"] = "$2y$10$" + new string('a', 53) };

    private static TlsServerConfig Tls(ClientAuthType clientAuth = ClientAuthType.NoClientCert, params string[] sans) =>
        new()
        {
            CertFile = "/etc/tls/server.crt", KeyFile = "/etc/tls/server.key", ClientAuth = clientAuth,
            ClientCaFile = clientAuth >= ClientAuthType.VerifyClientCertIfGiven ? "/etc/tls/ca.crt" : null, ClientAllowedSans = sans,
        };

    private static WebConfig Web(TlsServerConfig? tls, bool users) =>
        new(tls, users ? Users : new Dictionary<string, string>(), HttpServerConfig.Default, null);

    [Fact]
    public void An_empty_file_would_remove_tls_and_authentication()
    {
        var lowered = ProtectionChange.Lowered(Web(Tls(), users: true), WebConfig.None);
        Assert.Equal(["TLS would be removed (tls_server_config is missing)",
            "basic authentication would be removed (basic_auth_users is missing or empty)"], lowered);
    }

    [Fact]
    public void Only_the_tls_part_would_remove_authentication() =>
        Assert.Equal(["basic authentication would be removed (basic_auth_users is missing or empty)"],
            ProtectionChange.Lowered(Web(Tls(), users: true), Web(Tls(), users: false)));

    [Theory]
    [InlineData("RequireAndVerifyClientCert", "NoClientCert", 2)]
    [InlineData("RequireAndVerifyClientCert", "VerifyClientCertIfGiven", 1)]
    [InlineData("RequireAndVerifyClientCert", "RequireAnyClientCert", 1)]
    [InlineData("RequireAnyClientCert", "RequestClientCert", 1)]
    [InlineData("VerifyClientCertIfGiven", "RequestClientCert", 1)]
    [InlineData("NoClientCert", "RequireAndVerifyClientCert", 0)]
    [InlineData("VerifyClientCertIfGiven", "RequireAndVerifyClientCert", 0)]
    [InlineData("RequestClientCert", "NoClientCert", 0)]
    public void A_client_certificate_requirement_or_verification_may_not_be_lowered(string fromName, string toName, int reasons)
    {
        var from = Enum.Parse<ClientAuthType>(fromName);
        var to = Enum.Parse<ClientAuthType>(toName);
        var lowered = ProtectionChange.Lowered(Web(Tls(from), users: false), Web(Tls(to), users: false));
        Assert.Equal(reasons, lowered.Count);
        Assert.All(lowered, l => Assert.StartsWith($"client_auth_type would go from {from} to {to}", l));
    }

    [Fact]
    public void Emptying_the_allowed_names_is_lowering_but_changing_them_is_not()
    {
        var strict = Web(Tls(ClientAuthType.RequireAndVerifyClientCert, "prometheus.example"), users: false);
        Assert.Equal(["client_allowed_sans would be emptied: any certificate of the client CA would be accepted"],
            ProtectionChange.Lowered(strict, Web(Tls(ClientAuthType.RequireAndVerifyClientCert), users: false)));
        Assert.Empty(ProtectionChange.Lowered(strict, Web(Tls(ClientAuthType.RequireAndVerifyClientCert, "other.example"), users: false)));
    }

    [Fact]
    public void Adding_protection_or_changing_users_is_not_lowering()
    {
        Assert.Empty(ProtectionChange.Lowered(WebConfig.None, Web(Tls(), users: true)));
        Assert.Empty(ProtectionChange.Lowered(WebConfig.None, WebConfig.None));
        var otherUser = Web(Tls(), users: false) with { BasicAuthUsers = new Dictionary<string,
            string> { ["grafana"] = Users["prometheus"] } };
        Assert.Empty(ProtectionChange.Lowered(Web(Tls(), users: true), otherUser));
    }
}
