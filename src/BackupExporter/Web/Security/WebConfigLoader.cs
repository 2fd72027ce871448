using System.Text.RegularExpressions;
using BackupExporter.Configuration;

namespace BackupExporter.Web.Security;

/// <summary>
/// Reads and validates a web configuration file with the main configuration's YAML reader, so its errors are
/// file:line:column with a did-you-mean, and unknown keys are errors (exporter-toolkit is strict too). The
/// certificate, key and client CA are loaded here once, so that a file that would fail at the first handshake is
/// refused at start or at <c>check-config</c>. It lives under Web/ because only the HTTP server uses it.
/// </summary>
internal static partial class WebConfigLoader
{
    public static readonly string[] TopLevelKeys = ["tls_server_config", "http_server_config", "basic_auth_users", "rate_limit"];

    private static readonly string[] HttpKeys = ["http2", "headers"];
    private static readonly string[] RateLimitKeys = ["interval", "burst"];

    /// <summary>The headers exporter-toolkit allows, with the values it allows (null: any).</summary>
    private static readonly Dictionary<string, string[]?> AllowedHeaders = new(StringComparer.Ordinal)
    {
        ["Strict-Transport-Security"] = null,
        ["X-Content-Type-Options"] = ["nosniff"],
        ["X-Frame-Options"] = ["deny", "sameorigin"],
        ["X-XSS-Protection"] = null,
        ["Content-Security-Policy"] = null,
    };

    public static (WebConfig? Config, IReadOnlyList<ConfigError> Errors) Load(string path) =>
        YamlFileLoader.Load<WebConfig>(path, "web configuration file", Parse);

    /// <summary>Validates <paramref name="yamlText"/> as if read from <paramref name="sourcePath"/>.</summary>
    public static (WebConfig? Config, IReadOnlyList<ConfigError> Errors) Parse(string yamlText, string sourcePath) =>
        // An empty file, as exporter-toolkit: plain HTTP without authentication.
        YamlFileLoader.Parse(yamlText, sourcePath, TopLevelKeys, _ => WebConfig.None,
            (mapping, _, baseDirectory, errors) => Read(mapping, baseDirectory, errors));

    private static WebConfig Read(MappingNode root, string baseDirectory, ErrorCollector errors)
    {
        var top = new MappingReader(root, context: null, TopLevelKeys, errors);
        var tlsNode = top.Mapping("tls_server_config", "a mapping (cert_file, key_file, client_auth_type, ...)");
        var tls = tlsNode is null ? null : TlsServerConfigReader.Read(tlsNode, baseDirectory, errors);
        var users = ReadUsers(top, errors);
        var http = ReadHttp(top, errors);
        var rateLimit = ReadRateLimit(top, errors);
        return new WebConfig(tls, users, http, rateLimit);
    }

    private static Dictionary<string, string> ReadUsers(MappingReader top, ErrorCollector errors)
    {
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        var node = top.Mapping("basic_auth_users", "a mapping of user names to bcrypt hashes");
        if (node is null) return users;
        foreach (var (key, value) in node.Entries)
        {
            if (key is not ScalarNode { IsNull: false } user || user.Value.Length == 0)
            {
                errors.Add(key, $"basic_auth_users: a user name must be a word, not {key.Describe()}");
                continue;
            }
            if (user.Value.Contains(':'))
            {
                errors.Add(user, $"basic_auth_users: user \"{user.Value}\": a user name cannot contain ':' (HTTP basic authentication "
                    + $"separates user and password with it)");
                continue;
            }
            if (users.ContainsKey(user.Value))
            {
                errors.Add(user, $"basic_auth_users: duplicate user \"{user.Value}\"");
                continue;
            }
            // The value is never echoed: a plaintext password pasted here by mistake must not reach a log.
            if (value is not ScalarNode { IsNull: false } hash || !BcryptHash().IsMatch(hash.Value))
            {
                errors.Add(value, $"basic_auth_users: user \"{user.Value}\": the value is not a bcrypt hash ($2a$, $2b$ or "
                    + $"$2y$, 60 characters); " +
                    "make one with: htpasswd -nBC 10 \"\" | tr -d ':\\n'");
                continue;
            }
            users[user.Value] = hash.Value;
        }
        return users;
    }

    private static HttpServerConfig ReadHttp(MappingReader top, ErrorCollector errors)
    {
        var node = top.Mapping("http_server_config", "a mapping (http2, headers)");
        if (node is null) return HttpServerConfig.Default;
        var reader = new MappingReader(node, "http_server_config", HttpKeys, errors);
        var http2 = Bool(reader, "http2") ?? true;
        var headers = new List<KeyValuePair<string, string>>();
        if (reader.Mapping("headers", "a mapping of header names to values") is { } headerNode)
        {
            foreach (var (key, value) in headerNode.Entries)
            {
                if (key is not ScalarNode { IsNull: false } name)
                {
                    errors.Add(key, $"http_server_config: headers: a header name must be a word, not {key.Describe()}");
                    continue;
                }
                if (!AllowedHeaders.TryGetValue(name.Value, out var allowedValues))
                {
                    errors.Add(name, $"http_server_config: headers: \"{name.Value}\" cannot be set (allowed: "
                        + $"{string.Join(", ", AllowedHeaders.Keys)}){DidYouMean.Hint(name.Value, AllowedHeaders.Keys)}");
                    continue;
                }
                if (value is not ScalarNode { IsNull: false } text || text.Value.Length == 0 || text.Value.Any(char.IsControl))
                {
                    errors.Add(value, $"http_server_config: headers: {name.Value}: expected a one-line text value, got {value.Describe()}");
                    continue;
                }
                if (allowedValues is not null && !allowedValues.Contains(text.Value, StringComparer.OrdinalIgnoreCase))
                {
                    errors.Add(text, $"http_server_config: headers: {name.Value}: \"{text.Value}\" is not one "
                        + $"of {string.Join(", ", allowedValues)}");
                    continue;
                }
                if (headers.Any(h => h.Key == name.Value))
                {
                    errors.Add(name, $"http_server_config: headers: duplicate header \"{name.Value}\"");
                    continue;
                }
                headers.Add(new(name.Value, text.Value));
            }
        }
        return new HttpServerConfig(http2, headers);
    }

    private static RateLimitConfig? ReadRateLimit(MappingReader top, ErrorCollector errors)
    {
        var node = top.Mapping("rate_limit", "a mapping (interval, burst)");
        if (node is null) return null;
        var reader = new MappingReader(node, "rate_limit", RateLimitKeys, errors);
        var interval = reader.Duration("interval", TimeSpan.Zero, mustBePositive: false, timer: true);
        var burst = reader.Integer("burst", 0, int.MaxValue, 0, "a number of requests (0 or more)");
        // exporter-toolkit: no interval means no limit.
        return interval > TimeSpan.Zero ? new RateLimitConfig(interval, Math.Max(burst, 1)) : null;
    }

    /// <summary>A YAML boolean (true/false, as YAML 1.2 and Go's yaml.v2 read them); null when absent or reported.</summary>
    internal static bool? Bool(MappingReader reader, string key)
    {
        var scalar = reader.Scalar(key, "true or false");
        if (scalar is null) return null;
        switch (scalar.Value)
        {
            case "true" or "True" or "TRUE": return true;
            case "false" or "False" or "FALSE": return false;
            default:
                reader.Error(scalar, key, $"\"{scalar.Value}\" is not true or false");
                return null;
        }
    }

    [GeneratedRegex(@"^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$")]
    private static partial Regex BcryptHash();
}
