using BackupExporter.Configuration;
using BackupExporter.Inspection.Logs;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Retention;
using BackupExporter.Platform;
using BackupExporter.Snapshots;

namespace BackupExporter.Scheduling;

/// <summary>
/// Loads the configuration file and makes it the running one. A backup set whose configuration is unchanged keeps
/// its inspection instance, so a reload never re-reads artifacts already verified.
/// </summary>
internal sealed class Reloader
{
    private readonly string _configPath;
    private readonly SnapshotStore _store;
    private readonly InspectionScheduler _scheduler;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly Lock _reloadLock = new();
    private Dictionary<string, (object Config, IInspection Inspection)> _running = new();
    private LogOffsetStore? _logOffsets;

    public Reloader(string configPath, SnapshotStore store, InspectionScheduler scheduler, TimeProvider clock, ILogger<Reloader> log)
    {
        _configPath = configPath;
        _store = store;
        _scheduler = scheduler;
        _clock = clock;
        _log = log;
    }

    /// <summary>Starts the inspections of an already loaded configuration.</summary>
    public void Start(ExporterConfig config) => Apply(config);

    /// <returns>the errors; empty when the new configuration is running</returns>
    public IReadOnlyList<ConfigError> Reload()
    {
        var (config, errors) = ConfigLoader.Load(_configPath);
        if (config is null)
        {
            _store.ReloadFailed();
            foreach (var error in errors)
                _log.LogError("configuration reload failed, keeping the previous configuration: {Error}", error.ToString());
            return errors;
        }
        Apply(config);
        _log.LogInformation("configuration reloaded from {Path}: {Backups} backup sets", _configPath, config.Backups.Count);
        return [];
    }

    /// <summary>Reuses the running inspection when its configuration is unchanged, so its caches survive.</summary>
    private void Keep(Dictionary<string, (object, IInspection)> next, string name, object config, Func<IInspection> create) =>
        next[name] = _running.TryGetValue(name, out var old) && old.Config.Equals(config) ? old : (config, create());

    /// <summary>The offsets store of <c>global.state_file</c>; loaded again only when that setting changes.</summary>
    private LogOffsetStore LogOffsets(ExporterConfig config)
    {
        var path = config.Global.StateFile ?? LogOffsetStore.DefaultPath();
        var access = new StateAccess(config.Global.StateGroup);
        if (_logOffsets?.Path == path)
        {
            _logOffsets.Access = access;
            return _logOffsets;
        }
        var (store, warning) = LogOffsetStore.Load(path);
        if (warning is not null)
            Warn(warning);
        store.Access = access;
        return _logOffsets = store;
    }

    private void Warn(string message) => _log.LogWarning("{Warning}", message);

    private void Apply(ExporterConfig config)
    {
        foreach (var warning in config.Warnings)
            _log.LogWarning("configuration: {Warning}", warning.ToString());
        lock (_reloadLock)
        {
            var offsets = LogOffsets(config);
            var services = new InspectionServices(_clock, _store.CountBytesRead, offsets, Warn, name => _store.Current.Backup(name))
            {
                Seen = new SeenArtifactStore(SeenArtifactStore.DefaultDirectory(), new StateAccess(config.Global.StateGroup)),
                KeepsLedgers = true,
                Server = name => _store.Current.Server(name),
            };
            var next = new Dictionary<string, (object, IInspection)>();
            foreach (var planned in InspectionFactory.For(config, services))
                Keep(next, planned.Name, planned.Settings, planned.Create);
            offsets.Retain(config.Logs.Select(l => l.Path).ToList());
            // A follower left behind by a reload closes its file when collected: it may still be in its last read.
            _running = next;
            var inspections = next.Values.Select(v => v.Item2).ToList();
            _store.Reconfigure(config, inspections.Select(i => i.Name).ToList(), _clock.GetUtcNow());
            _scheduler.Run(inspections);
        }
    }
}
