using BackupExporter.Inspection.Logs;
using BackupExporter.Platform;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Inspection.Logs;

public sealed class LogOffsetStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _state;

    public LogOffsetStoreTests()
    {
        _state = _dir.File("state/log-offsets.json");
    }

    public void Dispose() => _dir.Dispose();

    private static LogPosition Position(string path, long offset, ulong? inode = 42) =>
        new(path, new FileIdentity(inode is null ? null : 2049UL, inode, 17, 0xDEADBEEFCAFEF00D), offset, SkippingLongLine: false);

    [Fact]
    public void A_missing_file_is_a_warning_and_no_log_has_a_position()
    {
        var (store, warning) = LogOffsetStore.Load(_state);
        Assert.False(store.Trusted);
        Assert.Contains("no saved log offsets", warning);
        Assert.Null(store.Get("/var/log/a.log"));
    }

    [Theory]
    [InlineData("not json at all \u0001\u0002")]
    [InlineData("{\"version\": 1, \"logs\": {\"/a.log\": {\"offset\": 12")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"version\": 7, \"logs\": {}}")]
    [InlineData("{\"version\": 1}")]
    [InlineData("{\"version\": 1, \"logs\": {\"/a.log\": {\"fingerprint_length\": 3, \"fingerprint\": \"zz\", \"offset\": 1}}}")]
    [InlineData("{\"version\": 1, \"logs\": {\"/a.log\": {\"fingerprint_length\": 3, \"fingerprint\": "
        + "\"00000000000000ff\", \"offset\": -5}}}")]
    [InlineData("{\"version\": 1, \"logs\": {\"/a.log\": {\"offset\": \"twelve\"}}}")]
    public void A_corrupt_file_is_a_warning_and_no_log_has_a_position(string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_state)!);
        File.WriteAllText(_state, content);
        var (store, warning) = LogOffsetStore.Load(_state);
        Assert.False(store.Trusted);
        Assert.Contains("unreadable", warning);
        Assert.Null(store.Get("/a.log"));
    }

    [Fact]
    public void Positions_survive_a_save_and_a_load()
    {
        var (store, _) = LogOffsetStore.Load(_state);
        store.Set(Position("/var/log/a.log", 1234), runStartOffset: 1000);
        store.Set(Position("/var/log/b.log", 5, inode: null));
        Assert.Null(store.Save());

        var (again, warning) = LogOffsetStore.Load(_state);
        Assert.Null(warning);
        Assert.True(again.Trusted);
        Assert.Equal(Position("/var/log/a.log", 1234), again.Get("/var/log/a.log"));
        Assert.Equal(1000, again.RunStartOffset("/var/log/a.log"));
        Assert.Equal(Position("/var/log/b.log", 5, inode: null), again.Get("/var/log/b.log"));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void The_file_and_the_state_directory_it_creates_are_private()
    {
        var (store, _) = LogOffsetStore.Load(_state);
        store.Set(Position("/var/log/a.log", 1));
        Assert.Null(store.Save());

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_state));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.GetDirectoryName(_state)!));
    }

    [Fact]
    public void Retain_forgets_logs_no_longer_configured()
    {
        var (store, _) = LogOffsetStore.Load(_state);
        store.Set(Position("/a.log", 1));
        store.Set(Position("/b.log", 2));
        store.Retain(["/b.log"]);
        store.Save();
        var (again, _) = LogOffsetStore.Load(_state);
        Assert.Null(again.Get("/a.log"));
        Assert.NotNull(again.Get("/b.log"));
    }

    [Fact]
    public void A_failed_save_leaves_the_old_file_whole_and_no_temporary_file_behind()
    {
        var (store, _) = LogOffsetStore.Load(_state);
        store.Set(Position("/a.log", 1));
        Assert.Null(store.Save());
        var before = File.ReadAllText(_state);

        // The rename target is now a non-empty directory: the rename fails after the temporary file was written.
        File.Delete(_state);
        Directory.CreateDirectory(_state);
        File.WriteAllText(Path.Combine(_state, "x"), before);
        store.Set(Position("/a.log", 2));
        var problem = store.Save();
        Assert.NotNull(problem);
        Assert.Contains(_state, problem);
        Assert.Equal(["log-offsets.json"], Directory.GetFileSystemEntries(Path.GetDirectoryName(_state)!).Select(Path.GetFileName));
        Assert.Equal(before, File.ReadAllText(Path.Combine(_state, "x")));
    }

    [Fact]
    public async Task A_reader_never_sees_a_half_written_file()
    {
        var (store, _) = LogOffsetStore.Load(_state);
        store.Set(Position("/a.log", 0));
        store.Save();
        using var stop = new CancellationTokenSource();
        var reads = 0;
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var (loaded, warning) = LogOffsetStore.Load(_state);
                Assert.True(loaded.Trusted, warning);
                Interlocked.Increment(ref reads);
            }
        });
        while (Volatile.Read(ref reads) == 0 && !reader.IsCompleted)
            await Task.Delay(1);
        for (var i = 1; i <= 300; i++)
        {
            // Many logs, so that one save is many write calls.
            for (var log = 0; log < 50; log++)
                store.Set(Position($"/var/log/backup-{log}.log", i * 1000 + log));
            Assert.Null(store.Save());
        }
        stop.Cancel();
        await reader;
        Assert.True(reads > 1);
        Assert.Equal(300_049, LogOffsetStore.Load(_state).Store.Get("/var/log/backup-49.log")!.Offset);
    }

    [Fact]
    public void A_follower_resumes_from_a_position_saved_by_an_earlier_process()
    {
        var log = _dir.File("backup.log");
        File.WriteAllText(log, "a1\na2\n");
        var sink = new CollectingSink();
        var (store, _) = LogOffsetStore.Load(_state);
        using (var first = new LogFollower(log, store.Get(log), new LogFollowerOptions { Start = LogStart.End }))
        {
            first.Read(sink);
            store.Set(first.Position!);
            store.Save();
        }
        Assert.Empty(sink.Take()); // no state file yet: started at the end
        File.AppendAllText(log, "a3\n");

        var (restarted, _) = LogOffsetStore.Load(_state);
        using var second = new LogFollower(log, restarted.Get(log), new LogFollowerOptions { Start = LogStart.End });
        second.Read(sink);
        Assert.Equal(["a3"], sink.Take());
    }

    [Theory]
    [InlineData("/run/state/backup-exporter:/other", null, "/home/u", false, "/run/state/backup-exporter")]
    [InlineData(null, null, "/home/u", true, "/var/lib/backup-exporter")]
    [InlineData(null, "/home/u/.xdg-state", "/home/u", false, "/home/u/.xdg-state/backup-exporter")]
    [InlineData(null, "relative/ignored", "/home/u", false, "/home/u/.local/state/backup-exporter")]
    [InlineData(null, null, "/home/u", false, "/home/u/.local/state/backup-exporter")]
    public void The_state_directory_follows_systemd_then_var_lib_then_xdg(string? stateDirectory, string? xdg, string home,
        bool varLibWritable, string expected)
    {
        var environment = new Dictionary<string, string?> { ["STATE_DIRECTORY"] = stateDirectory,
            ["XDG_STATE_HOME"] = xdg, ["HOME"] = home };
        Assert.Equal(expected, StateDirectory.Resolve(k => environment.GetValueOrDefault(k), _ => varLibWritable));
    }
}
