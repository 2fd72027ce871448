using BackupExporter.Configuration;
using BackupExporter.Inspection.Drills;
using BackupExporter.Platform;

namespace BackupExporter.Scheduling;

/// <summary>
/// Starts each set's scheduled restore drill (<c>restore_test.schedule</c>, in the set's time zone) as a child
/// process, one at a time. Reads the configuration anew before each wait, so that a reload takes effect.
/// </summary>
internal sealed class DrillScheduler(string configFile, Func<ExporterConfig> config, TimeProvider clock, ILogger log) : IAsyncDisposable
{
    // A reload may add or move a schedule: the next occurrences are computed again at least this often.
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(1);

    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public void Start() => _loop = Task.Run(() => LoopAsync(_stop.Token));

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            var current = config();
            var due = current.Backups
                .Where(s => s.RestoreTest?.Schedule is not null)
                .Select(s => (Set: s, At: s.RestoreTest!.Schedule!.GetNextOccurrence(since, s.TimeZone)))
                .Where(x => x.At is not null)
                .OrderBy(x => x.At)
                .ToList();
            var now = clock.GetUtcNow();
            var ready = due.Where(x => x.At <= now).ToList();
            if (ready.Count == 0)
            {
                var next = due.Count > 0 ? due[0].At!.Value - now : LongestWait;
                try
                {
                    await Task.Delay(next < LongestWait ? next : LongestWait, clock, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
            }
            since = now;
            foreach (var (set, _) in ready)
            {
                if (cancellationToken.IsCancellationRequested) return;
                var store = new DrillHistoryStore(DrillHistoryLocation.Directory(), new StateAccess(current.Global.StateGroup));
                try
                {
                    log.LogInformation("restore drill of {Backup} starts (schedule {Schedule})", set.Name, set.RestoreTest!.ScheduleText);
                    var outcome = await DrillChild.RunAsync(configFile, set, store, clock, cancellationToken);
                    log.LogInformation("restore drill of {Backup}: {Outcome}", set.Name, outcome);
                }
                catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
                {
                    log.LogError("restore drill of {Backup} could not run: {Error}", set.Name, e.Message);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
            await _loop;
        _stop.Dispose();
    }
}
