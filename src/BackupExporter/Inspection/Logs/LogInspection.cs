using BackupExporter.Configuration;

namespace BackupExporter.Inspection.Logs;

/// <summary>
/// Follows one log from where it was left (across rotations and exporter restarts, through the shared
/// <see cref="LogOffsetStore"/>) and summarises it. A job or cron log without a saved position is read from its
/// beginning: only its newest run is reported, so nothing is counted twice. An error log without one is read from its
/// end: its counts start when the exporter starts following it.
/// </summary>
internal sealed class LogInspection : IInspection, IDisposable
{
    private const int MaxJobStarts = 1000;

    private readonly LogConfig _log;
    private readonly LogKind _kind;
    private readonly LogOffsetStore _store;
    private readonly TimeProvider _clock;
    private readonly Action<string> _warn;
    private readonly RunSegmenter? _runs;
    private readonly ErrorLogCounter? _errors;
    private readonly List<DateTimeOffset> _jobStarts = new();
    private LogFollower? _follower;
    private DateTimeOffset? _followingSince;
    private string? _lastSaveProblem;

    public LogInspection(LogConfig log, LogOffsetStore store, TimeSpan timeout, TimeProvider clock, Action<string> warn)
    {
        _log = log;
        _kind = log.Kind;
        _store = store;
        _clock = clock;
        _warn = warn;
        Timeout = timeout;
        if (_kind == LogKind.MysqlError)
            _errors = new ErrorLogCounter();
        else
            _runs = new RunSegmenter(_kind, new RunSegmenterOptions { Backup = log.Backup, CronCommand = log.Match,
                TimeZone = log.TimeZone });
    }

    public LogConfig Config => _log;

    public string Name => InspectionNames.Log(_log.Path);

    public TimeSpan Interval => _log.Interval;

    public TimeSpan Timeout { get; }

    public Task<IObservation> RunAsync(CancellationToken cancellationToken) =>
        Task.Run<IObservation>(() => Inspect(cancellationToken), cancellationToken);

    public LogObservation Inspect(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        _follower ??= Open();
        _followingSince ??= now;
        if (_runs is not null)
            _runs.ObservedAt = now;
        var result = _follower.Read((ILogLineSink?)_runs ?? _errors!, cancellationToken);

        if (_follower.Position is { } position)
            _store.Set(position, _runs?.NewestRunStartOffset);
        var saveProblem = _store.Save();
        if (saveProblem is not null && saveProblem != _lastSaveProblem)
            _warn(saveProblem); // once per new problem, not every round
        _lastSaveProblem = saveProblem;

        var newest = _runs?.NewestRun;
        if (_kind == LogKind.Cron && newest?.StartedAt is { } started && (_jobStarts.Count == 0 || _jobStarts[^1] != started))
        {
            _jobStarts.Add(started);
            if (_jobStarts.Count > MaxJobStarts)
                _jobStarts.RemoveAt(0);
        }
        var problem = result.Problem ?? (result.Missing ? $"log {_log.Path} does not exist (yet)" : null);
        return new LogObservation
        {
            Name = Name,
            ObservedAt = now,
            Log = _log,
            NewestRun = newest,
            LastFailedRun = _runs?.LastFailedRun,
            LinesSinceStart = _errors?.Lines,
            RecentUnrecognised = newest?.RecentUnrecognised ?? _errors?.RecentUnrecognised ?? [],
            JobStarts = _jobStarts.ToList(),
            Missing = result.Missing,
            Problem = problem,
            FollowingSince = _followingSince.Value,
            Unreadable = result.Problem is not null, // a directory, a closed file: the set is warned, the next round tries again
        };
    }

    private LogFollower Open()
    {
        var saved = _store.Get(_log.Path);
        if (saved is not null && _runs is not null && _store.RunStartOffset(_log.Path) is { } runStart && runStart <= saved.Offset)
            saved = saved with { Offset = runStart, SkippingLongLine = false }; // read the newest run again: it is reported whole
        // Without a saved position (first start, or an unreadable state file): a job log is read whole, since only its
        // newest run is reported; an error log from its end, since its counts must not take in its past twice.
        var start = _runs is not null ? LogStart.Beginning : LogStart.End;
        return new LogFollower(_log.Path, saved, new LogFollowerOptions { Start = start });
    }

    public void Dispose() => _follower?.Dispose();
}
