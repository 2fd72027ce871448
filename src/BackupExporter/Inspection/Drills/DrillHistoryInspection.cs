using BackupExporter.Platform;
using System.Text.Json;
using BackupExporter.Configuration;

namespace BackupExporter.Inspection.Drills;

/// <summary>
/// Reads one backup set's drill history file, which the <c>drill</c> command replaces atomically. Cheap: a stat per
/// round, and the file is parsed again only when its identity (device, inode, modification time, size) changed. A
/// file that cannot be read is a problem of the observation, never a failed inspection: the last history read stays.
/// </summary>
internal sealed class DrillHistoryInspection(BackupSetConfig set, string directory) : IInspection
{
    private readonly string _path = new DrillHistoryStore(directory, Platform.StateAccess.OwnerOnly).PathOf(set.Name);
    private (ulong Device, ulong Inode, long Size, DateTime Modified)? _seen;
    private DrillObservation? _last;

    public string Name => InspectionNames.Drill(set.Name);

    public TimeSpan Interval => set.Interval;

    public TimeSpan Timeout => set.Timeout;

    public Task<IObservation> RunAsync(CancellationToken cancellationToken) => Task.FromResult<IObservation>(Inspect());

    public DrillObservation Inspect()
    {
        var file = new FileInfo(_path);
        if (!file.Exists)
        {
            _seen = null;
            // No drill yet (or its history was removed): nothing to export, and no problem either.
            return _last = _last is { History.Newest: null, Problem: null } ? _last : new DrillObservation(Name, _path,
                DrillHistory.Empty, null);
        }
        var stat = LibC.Stat(_path);
        var identity = (stat.Available && stat.Exists ? stat.Device : 0, stat.Available && stat.Exists ? stat.Inode : 0,
            file.Length, file.LastWriteTimeUtc);
        if (_last is not null && _seen == identity)
            return _last; // unchanged: the same observation, so its series are not rendered again
        var (history, problem) = Read();
        // A problem is looked at again next round: a fixed permission shows.
        _seen = problem is null ? identity : null;
        return _last = problem is null
            ? new DrillObservation(Name, _path, history, null)
            : new DrillObservation(Name, _path, _last?.History ?? DrillHistory.Empty, problem);
    }

    /// <summary>Every part the exporter renders is there: a hand-edited or foreign file must not break /metrics.</summary>
    private static bool Whole(DrillHistory history) =>
        history.Recent is not null && Whole(history.Newest) && Whole(history.LastSuccess)
        && history.Passed.All(d => d is not null && Whole(d));

    private static bool Whole(DrillRecord? drill) =>
        drill is null || (drill.Backup is not null && drill.Kind is not null && drill.PhaseSeconds is not null && drill.Schemas is not null
            && drill.Checks is not null
            && drill.Schemas.All(s => s is { Schema: not null }) && drill.Checks.All(c => c is { Sql: not null }));

    private (DrillHistory History, string? Problem) Read()
    {
        try
        {
            var history = DrillHistory.Parse(File.ReadAllText(_path));
            if (history is null || history.Version != DrillHistory.CurrentVersion || !Whole(history))
                return (DrillHistory.Empty, $"drill history {_path} is not a version {DrillHistory.CurrentVersion} history of "
                    + $"backup-exporter drill");
            return (history, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            var why = e switch
            {
                UnauthorizedAccessException => "permission denied",
                JsonException j => $"not valid JSON ({j.Message})",
                _ => e.Message,
            };
            return (DrillHistory.Empty, $"cannot read drill history {_path}: {why}");
        }
    }
}
