using BackupExporter.Scheduling;
using BackupExporter.Snapshots;
using BackupExporter.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace BackupExporter.Tests.Scheduling;

public sealed class ReloaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string WriteConfig(params string[] sets)
    {
        var path = _dir.File("config.yml");
        File.WriteAllText(path, "global:\n  interval: 1h\nbackups:\n" + string.Concat(sets.Select(s =>
            $"  - name: {s}\n    kind: mysqldump\n    path: {_dir.Path}/{s}\n")));
        return path;
    }

    [Fact]
    public async Task A_reload_adds_and_removes_sets_and_a_bad_file_keeps_the_running_configuration()
    {
        var path = WriteConfig("a", "b");
        var (config, _) = BackupExporter.Configuration.ConfigLoader.Load(path);
        var store = new SnapshotStore(config!, [], DateTimeOffset.UtcNow);
        await using var scheduler = new InspectionScheduler(store, TimeProvider.System, NullLogger<InspectionScheduler>.Instance);
        var reloader = new Reloader(path, store, scheduler, TimeProvider.System, NullLogger<Reloader>.Instance);
        reloader.Start(config!);
        Assert.Equal(["backup:a", "backup:b", "drill:a", "drill:b", "run:a", "run:b"], store.Current.ExpectedInspections.Order());

        WriteConfig("b", "c");
        Assert.Empty(reloader.Reload());
        Assert.Equal(["backup:b", "backup:c", "drill:b", "drill:c", "run:b", "run:c"], store.Current.ExpectedInspections.Order());
        Assert.Equal(["b", "c"], store.Current.Config.Backups.Select(b => b.Name));
        Assert.True(store.LastReloadSuccessful);

        File.WriteAllText(path, "backups: [oops");
        Assert.NotEmpty(reloader.Reload());
        Assert.False(store.LastReloadSuccessful);
        Assert.Equal(["b", "c"], store.Current.Config.Backups.Select(b => b.Name));
    }
}
