namespace BackupExporter.Web.Security;

/// <summary>
/// What a new web configuration would take away from the one in force. A running exporter never lowers its
/// protection on a reload: a file cut short by a tool in the middle of a write (empty, or only its TLS part) must
/// not open <c>/metrics</c> to anyone. Removing TLS, authentication or a client-certificate requirement takes a
/// restart, which is a deliberate act.
/// </summary>
internal static class ProtectionChange
{
    /// <returns>what would be lowered, one phrase each; empty when the new configuration protects as much</returns>
    public static IReadOnlyList<string> Lowered(WebConfig current, WebConfig next)
    {
        var lowered = new List<string>();
        if (current.Tls is { } tls)
        {
            if (next.Tls is not { } nextTls)
                lowered.Add("TLS would be removed (tls_server_config is missing)");
            else
            {
                if (RequiresCertificate(tls.ClientAuth) && !RequiresCertificate(nextTls.ClientAuth))
                    lowered.Add($"client_auth_type would go from {tls.ClientAuth} to {nextTls.ClientAuth}: " +
                        "a client certificate would no longer be required");
                if (tls.VerifiesClients && !nextTls.VerifiesClients)
                    lowered.Add($"client_auth_type would go from {tls.ClientAuth} to {nextTls.ClientAuth}: " +
                        "client certificates would no longer be verified");
                if (tls.ClientAllowedSans.Count > 0 && nextTls.ClientAllowedSans.Count == 0 && nextTls.VerifiesClients)
                    lowered.Add("client_allowed_sans would be emptied: any certificate of the client CA would be accepted");
            }
        }
        if (current.RequiresAuthentication && !next.RequiresAuthentication)
            lowered.Add("basic authentication would be removed (basic_auth_users is missing or empty)");
        return lowered;
    }

    private static bool RequiresCertificate(ClientAuthType type) =>
        type is ClientAuthType.RequireAnyClientCert or ClientAuthType.RequireAndVerifyClientCert;
}
