using BackupExporter.Configuration;

namespace BackupExporter.Web.Security;

/// <summary>
/// The web configuration in force. Every request and TLS handshake asks for <see cref="Current"/>, which looks at
/// the files (a stat each) and loads them again when they changed, so a rotated certificate or a new user is used
/// without a restart. A change that does not load, or that would lower the protection in force (see
/// <see cref="ProtectionChange"/>), keeps the previous settings and is logged once, at error.
/// </summary>
internal sealed class WebConfigStore
{
    private readonly string? _path;
    private readonly ILogger _log;
    private readonly Lock _loadLock = new();
    private volatile Loaded _loaded;
    private FileStamp? _refused;
    private volatile bool _lastLoadFailed;

    private sealed record Loaded(WebSettings Settings, FileStamp Stamp);

    private WebConfigStore(string? path, WebSettings settings, ILogger log)
    {
        _path = path;
        _log = log;
        _loaded = new Loaded(settings, StampOf(settings));
        Initial = settings;
    }

    /// <summary>Loads the file given with <c>--web.config.file</c> (none: plain HTTP); every error when it is invalid.</summary>
    public static (WebConfigStore? Store, IReadOnlyList<ConfigError> Errors) Open(string? path, ILogger log)
    {
        if (path is null)
            return (new WebConfigStore(null, WebSettings.None, log), []);
        var (config, errors) = WebConfigLoader.Load(path);
        if (config is null)
            return (null, errors);
        var (settings, error) = WebSettings.Load(config);
        return settings is null ? (null, [new ConfigError(path, 0, 0, error!)]) : (new WebConfigStore(path, settings, log), []);
    }

    /// <summary>The settings at start: what decides whether the listeners speak TLS and HTTP/2.</summary>
    public WebSettings Initial { get; }

    /// <summary>False while the last change of the files was refused: exported with the configuration reload metric.</summary>
    public bool LastLoadSuccessful => !_lastLoadFailed;

    public WebSettings Current
    {
        get
        {
            var loaded = _loaded;
            if (_path is not null && !StampOf(loaded.Settings).Equals(loaded.Stamp))
                Reload(force: false);
            return _loaded.Settings;
        }
    }

    /// <summary>Loads the files again now (SIGHUP, <c>POST /-/reload</c>).</summary>
    /// <returns>the errors; empty when the files are in force</returns>
    public IReadOnlyList<string> Reload(bool force = true)
    {
        if (_path is null) return [];
        lock (_loadLock)
        {
            var previous = _loaded;
            var stamp = StampOf(previous.Settings);
            if (!force && (stamp.Equals(previous.Stamp) || stamp.Equals(_refused)))
                return [];
            var (config, errors) = WebConfigLoader.Load(_path);
            var problems = errors.Select(e => e.ToString()).ToList();
            WebSettings? settings = null;
            if (config is not null)
            {
                var lowered = ProtectionChange.Lowered(previous.Settings.Config, config);
                if (lowered.Count > 0)
                    problems.AddRange(lowered.Select(l =>
                        $"{_path}: {l}; a running exporter never lowers its protection, restart it to do so"));
                else
                {
                    (settings, var error) = WebSettings.Load(config);
                    if (error is not null) problems.Add($"{_path}: {error}");
                }
            }
            if (settings is null)
            {
                // Logged once per version of the files, not at every request that notices it.
                if (force || !stamp.Equals(_refused))
                    foreach (var problem in problems)
                        _log.LogError("web configuration change refused, keeping the previous one: {Error}", problem);
                _refused = stamp;
                _lastLoadFailed = true;
                return problems;
            }
            WarnAboutRestart(settings);
            _loaded = new Loaded(settings, StampOf(settings));
            _refused = null;
            _lastLoadFailed = false;
            _log.LogInformation("web configuration loaded from {Path}: TLS {Tls}, {Users} basic auth users", _path,
                settings.Config.Tls is null ? "off" : "on", settings.Config.BasicAuthUsers.Count);
            return [];
        }
    }

    private void WarnAboutRestart(WebSettings next)
    {
        if ((next.Config.Tls is null) != (Initial.Config.Tls is null))
            _log.LogWarning("web configuration: turning TLS {Change} takes a restart; the listeners keep {Now}",
                next.Config.Tls is null ? "off" : "on", Initial.Config.Tls is null ? "plain HTTP" : "TLS with the previous TLS settings");
        if (next.Config.Http.Http2 != Initial.Config.Http.Http2)
            _log.LogWarning("web configuration: a change of http_server_config.http2 takes a restart");
        if (next.Config.RateLimit != Initial.Config.RateLimit)
            _log.LogWarning("web configuration: a change of rate_limit takes a restart");
    }

    private FileStamp StampOf(WebSettings settings) => FileStamp.Of(
        _path is null ? [] : settings.Config.Tls is { } tls ? [_path, .. ServerCertificateFiles.Files(tls)] : [_path]);
}
