using BackupExporter.Configuration;
using BackupExporter.Runs;

namespace BackupExporter.Inspection.Logs;

/// <summary>The newest run as <c>backup-exporter run</c> recorded it in the set's status file; null fields while there is none.</summary>
internal sealed record RunStatusObservation(string Name, string Path, RunStatus? Status, string? Problem) : IObservation;

/// <summary>
/// Reads the run wrapper's status file of one backup set (<c>run_status</c>, or the wrapper's default). The wrapper
/// replaces the file atomically, so a read sees one whole version; the file is parsed again only when it changed.
/// </summary>
internal sealed class RunStatusInspection(BackupSetConfig set) : IInspection
{
    private readonly string _path = set.RunStatus ?? RunStatus.DefaultPath(RunMarkers.Sanitize(set.Name).Replace('/', '_'));
    private (long Size, DateTime Modified) _seen = (-1, default);
    private RunStatusObservation? _last;

    public string Name => InspectionNames.Run(set.Name);

    public TimeSpan Interval => set.Interval;

    public TimeSpan Timeout => set.Timeout;

    public Task<IObservation> RunAsync(CancellationToken cancellationToken) => Task.FromResult<IObservation>(Inspect());

    public RunStatusObservation Inspect()
    {
        var file = new FileInfo(_path);
        var seen = file.Exists ? (file.Length, file.LastWriteTimeUtc) : (-1L, default(DateTime));
        if (_last is not null && seen == _seen)
            return _last; // unchanged, or still absent: the same observation, so nothing is rendered again
        if (!file.Exists)
        {
            _seen = seen;
            return _last = new RunStatusObservation(Name, _path, null, null); // the wrapper is optional: no file, nothing to say
        }
        RunStatus? status = null;
        string? problem = null;
        try
        {
            status = RunStatus.Parse(File.ReadAllText(_path));
            if (status is null || status.Version != RunStatus.CurrentVersion)
                problem = $"run status file {_path} is not a version {RunStatus.CurrentVersion} status of backup-exporter run";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            problem = $"cannot read run status file {_path}: {(e is UnauthorizedAccessException ? "permission denied" : e.Message)}";
        }
        // A problem is looked at again next round: a fixed permission shows.
        _seen = problem is null ? seen : (-2L, default);
        return _last = new RunStatusObservation(Name, _path, problem is null ? status : null, problem);
    }
}
