namespace BackupExporter.Configuration;

/// <summary>Reads <c>servers</c>: how to reach each MySQL/MariaDB instance. Nothing is connected to here.</summary>
internal static class ServerConfigReader
{
    public const int DefaultPort = 3306;

    public static readonly string[] Keys =
        ["name", "host", "socket", "port", "user", "password_file", "my_cnf", "binlog_directory", "error_log", "interval", "timeout",
         "tls_mode", "tls_ca_file", "tls_cert_file", "tls_key_file", "binlog_archive"];

    private static readonly Dictionary<string, TlsMode> TlsModes = new(StringComparer.Ordinal)
    {
        ["disabled"] = TlsMode.Disabled,
        ["preferred"] = TlsMode.Preferred,
        ["required"] = TlsMode.Required,
        ["verify_ca"] = TlsMode.VerifyCa,
        ["verify_identity"] = TlsMode.VerifyIdentity,
    };

    /// <summary>Reads every server; <paramref name="names"/> receives the names even of servers with other errors.</summary>
    public static IReadOnlyList<ServerConfig> ReadAll(
        MappingReader top, GlobalConfig global, string baseDirectory, NameRegistry names, ErrorCollector errors)
    {
        var servers = new List<ServerConfig>();
        var items = top.Sequence("servers", "a list of servers (- name: ...)");
        for (var index = 0; index < items.Count; index++)
        {
            if (items[index] is BrokenNode) continue;
            if (items[index] is not MappingNode node)
            {
                errors.Add(items[index], $"servers[{index}]: expected a mapping (name, host, port, ...), got {items[index].Describe()}");
                continue;
            }
            servers.Add(Read(node, index, global, baseDirectory, names, errors));
        }
        return servers;
    }

    private static ServerConfig Read(MappingNode node, int index, GlobalConfig global, string baseDirectory,
        NameRegistry names, ErrorCollector errors)
    {
        var context = names.Context(node, index);
        var reader = new MappingReader(node, context, Keys, errors);
        var name = names.Read(reader, index);

        var host = reader.Text("host", "a host name or IP address");
        var socket = reader.Path("socket", baseDirectory);
        if (reader.Has("host") && reader.Has("socket"))
            reader.Error(LaterKey(reader, "host", "socket"), "set either host or socket, not both");
        else if (!reader.Has("host") && !reader.Has("socket"))
            reader.Error(node, "missing host or socket (e.g. host: 127.0.0.1 or socket: /run/mysqld/mysqld.sock)");

        var passwordFile = reader.Path("password_file", baseDirectory);
        var myCnf = reader.Path("my_cnf", baseDirectory);
        if (reader.Has("password_file") && reader.Has("my_cnf"))
            reader.Error(LaterKey(reader, "password_file", "my_cnf"), "set either password_file or my_cnf, not both");

        return new ServerConfig
        {
            Name = name,
            Host = host,
            Port = reader.Integer("port", 1, 65535, DefaultPort, "a port number (1-65535)"),
            Socket = socket,
            User = reader.Text("user", "a user name"),
            PasswordFile = passwordFile,
            MyCnf = myCnf,
            BinlogDirectory = reader.Path("binlog_directory", baseDirectory),
            ErrorLog = reader.Path("error_log", baseDirectory),
            Interval = reader.Duration("interval", global.Interval, mustBePositive: true, timer: true),
            Timeout = reader.Duration("timeout", global.Timeout, mustBePositive: true, timer: true),
            Tls = ReadTls(reader, baseDirectory),
            BinlogArchive = BinlogArchiveConfigReader.Read(reader, context, baseDirectory, errors),
        };
    }

    private static TlsConfig? ReadTls(MappingReader reader, string baseDirectory)
    {
        var mode = reader.Choice("tls_mode", TlsModes, "a TLS mode");
        var ca = reader.Path("tls_ca_file", baseDirectory);
        var cert = reader.Path("tls_cert_file", baseDirectory);
        var key = reader.Path("tls_key_file", baseDirectory);
        if (reader.Has("tls_cert_file") != reader.Has("tls_key_file"))
            reader.Error(reader.KeyNode(reader.Has("tls_cert_file") ? "tls_cert_file" : "tls_key_file")!,
                "a client certificate needs both tls_cert_file and tls_key_file");
        if (mode is TlsMode.VerifyCa or TlsMode.VerifyIdentity && !reader.Has("tls_ca_file"))
            reader.Error(reader.KeyNode("tls_mode")!, "tls_mode verify_ca and verify_identity need tls_ca_file, the CA that signed "
                + "the server's certificate");
        if (mode is null && ca is null && cert is null)
            return null;
        return new TlsConfig(mode ?? (ca is null ? TlsMode.Preferred : TlsMode.VerifyCa), ca, cert, key);
    }

    /// <summary>Of two conflicting keys, the one written second: that is where the conflict becomes visible.</summary>
    private static TreeNode LaterKey(MappingReader reader, string a, string b)
    {
        var first = reader.KeyNode(a)!;
        var second = reader.KeyNode(b)!;
        return (second.Line, second.Column).CompareTo((first.Line, first.Column)) > 0 ? second : first;
    }
}
