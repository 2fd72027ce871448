using BackupExporter.Configuration;
using MySqlConnector;

namespace BackupExporter.Inspection.Server;

/// <summary>
/// Builds the connection string of a server from its configuration, its password file or the <c>[client]</c>
/// section of a MySQL option file. The password never leaves this class except inside the connection string.
/// </summary>
internal static class ServerCredentials
{
    /// <returns>the connection string, and warnings for people (never containing the password)</returns>
    public static (string ConnectionString, IReadOnlyList<string> Warnings) Build(ServerConfig server)
    {
        var warnings = new List<string>();
        var builder = new MySqlConnectionStringBuilder
        {
            // A second past the inspection's own timeout: the scheduler's deadline comes first and says "timed out
            // after Ns"; these only bound a session left behind.
            ConnectionTimeout = (uint)Math.Max(1, server.Timeout.TotalSeconds) + 1,
            DefaultCommandTimeout = (uint)Math.Max(1, server.Timeout.TotalSeconds) + 1,
            Pooling = false, // one short session per inspection; nothing held open on the monitored server
            ApplicationName = "backup-exporter",
        };
        if (server.MyCnf is { } cnf)
        {
            var client = OptionFile.ClientSection(cnf);
            if (client.TryGetValue("user", out var user)) builder.UserID = user;
            if (client.TryGetValue("password", out var password)) builder.Password = password;
            if (client.TryGetValue("host", out var host)) builder.Server = host;
            if (client.TryGetValue("port", out var port) && uint.TryParse(port, out var p)) builder.Port = p;
            if (client.TryGetValue("socket", out var socket)) (builder.Server, builder.ConnectionProtocol) =
                (socket, MySqlConnectionProtocol.UnixSocket);
            if (client.TryGetValue("ssl-ca", out var sslCa)) (builder.SslCa, builder.SslMode) = (sslCa, MySqlSslMode.VerifyCA);
            if (client.TryGetValue("ssl-cert", out var sslCert)) builder.SslCert = sslCert;
            if (client.TryGetValue("ssl-key", out var sslKey)) builder.SslKey = sslKey;
            WarnIfWorldReadable(cnf, warnings);
        }
        if (server.Socket is { } s)
            (builder.Server, builder.ConnectionProtocol) = (s, MySqlConnectionProtocol.UnixSocket);
        else if (server.Host is { } h)
            (builder.Server, builder.Port) = (h, (uint)server.Port);
        if (server.User is { } u)
            builder.UserID = u;
        if (server.PasswordFile is { } passwordFile)
        {
            builder.Password = File.ReadAllText(passwordFile).TrimEnd('\r', '\n');
            WarnIfWorldReadable(passwordFile, warnings);
        }
        if (server.Tls is { } tls)
        {
            builder.SslMode = tls.Mode switch
            {
                TlsMode.Disabled => MySqlSslMode.None,
                TlsMode.Required => MySqlSslMode.Required,
                TlsMode.VerifyCa => MySqlSslMode.VerifyCA,
                TlsMode.VerifyIdentity => MySqlSslMode.VerifyFull,
                _ => MySqlSslMode.Preferred,
            };
            if (tls.CaFile is { } ca) builder.SslCa = ca;
            if (tls.CertFile is { } cert) builder.SslCert = cert;
            if (tls.KeyFile is { } key) builder.SslKey = key;
        }
        return (builder.ConnectionString, warnings);
    }

    private static void WarnIfWorldReadable(string path, List<string> warnings)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.OtherRead) != 0)
            warnings.Add($"{path} is readable by every user on the machine; chmod 600 (or 640 with the exporter's group)");
    }
}
