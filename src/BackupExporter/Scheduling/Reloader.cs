using BackupExporter.Configuration;
using BackupExporter.Inspection.Logs;
using BackupExporter.Inspection;
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
        lock (_reloadLock)
        {
            var next = new Dictionary<string, (object, IInspection)>();
            foreach (var set in config.Backups)
            {
                // A set read from a server's table depends on that server's settings too.
                // Its off-site remotes have inspections of their own: changing them must not re-verify the artifacts.
                var local = set with { Offsite = [] };
                object key = set.Server is { } s ? (local, config.Servers.FirstOrDefault(x => x.Name == s)) : local;
                Keep(next, InspectionNames.Backup(set.Name), key, () => InspectionFactory.Create(set, config, _clock,
                    _store.CountBytesRead));
            }
            foreach (var server in config.Servers)
                Keep(next, InspectionNames.Server(server.Name), server, () => InspectionFactory.Create(server, _clock));
            var offsets = LogOffsets(config);
            foreach (var log in config.Logs)
                Keep(next, InspectionNames.Log(log.Path), (log, offsets), () => InspectionFactory.Create(log, config,
                    offsets, _clock, Warn));
            foreach (var set in config.Backups)
                Keep(next, InspectionNames.Run(set.Name), set, () => InspectionFactory.CreateRunStatus(set));
            var drills = Inspection.Drills.DrillHistoryStore.DefaultDirectory();
            foreach (var set in config.Backups.Where(InspectionFactory.HasDrills))
                Keep(next, InspectionNames.Drill(set.Name), (set, drills), () => InspectionFactory.CreateDrill(set, drills));

            foreach (var set in config.Backups)
            {
                var local = set with { Offsite = [] };
                foreach (var remote in set.Offsite)
                    Keep(next, InspectionNames.Offsite(set.Name, remote.Name), (local, remote),
                        () => InspectionFactory.CreateOffsite(set, remote, () => _store.Current.Backup(set.Name), _clock,
                            _store.CountBytesRead));
            }
            offsets.Retain(config.Logs.Select(l => l.Path).ToList());
            // A follower left behind by a reload closes its file when collected: it may still be in its last read.
            _running = next;
            var inspections = next.Values.Select(v => v.Item2).ToList();
            _store.Reconfigure(config, inspections.Select(i => i.Name).ToList(), _clock.GetUtcNow());
            _scheduler.Run(inspections);
        }
    }
}
