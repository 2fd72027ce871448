using BackupExporter.Inspection.Drills;
using BackupExporter.IntegrationTests.Fixtures;
using Xunit.Abstractions;
using BackupExporter.Restore.Physical;
using BackupExporter.Restore.Binlog;
using BackupExporter.Restore;

namespace BackupExporter.IntegrationTests.Drills.Physical;

/// <summary>
/// The physical restore of a drill on real mariabackup backups: the chain is copied or extracted into a sandbox,
/// prepared there, and a real mariadbd starts on the result with the rows of the newest backup; the backups
/// themselves are left byte for byte as they were. Each failure is staged for real and reported with its reason.
/// </summary>
public sealed class PhysicalRestoreTests(PhysicalDrillBackups backups, ITestOutputHelper output)
    : IClassFixture<PhysicalDrillBackups>, IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("backup-exporter-sandbox-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await ProcessRunner.RunAsync("rm", ["-rf", _root]);

    private async Task<(PhysicalRestoreRequest Request, string Sandbox)> RequestAsync(string setPath, string newest,
        SetKind kind = SetKind.Mariabackup)
    {
        var sandbox = await DrillTestSets.SandboxAsync(_root, Path.GetFileName(setPath) + "-" + Path.GetFileName(newest));
        var request = new PhysicalRestoreRequest(DrillTestSets.Set(setPath, kind), Path.Combine(setPath, newest),
            Path.Combine(sandbox, "work"), Path.Combine(sandbox, "data"));
        return (request, sandbox);
    }

    /// <summary>A copy of the directory chain to break.</summary>
    private async Task<string> CopyOfChainAsync(string name)
    {
        var copy = Path.Combine(_root, name);
        await ProcessRunner.ShellAsync($"cp -a {ProcessRunner.Quote(backups.Chain)} {ProcessRunner.Quote(copy)}");
        return copy;
    }

    private async Task AssertRestoredAsync(PhysicalRestoreRequest request, string sandbox, int marks, string stage)
    {
        var before = DrillTestSets.Fingerprint(request.Set.Path);
        var result = await PhysicalRestore.PrepareAsync(request, CancellationToken.None);

        Assert.Equal(before, DrillTestSets.Fingerprint(request.Set.Path)); // no prepare, no file touched in the backups
        Assert.True(result.Fetch > TimeSpan.Zero && result.Restore > TimeSpan.Zero, $"fetch {result.Fetch}, restore {result.Restore}");
        Assert.True(result.RestoredBytes > 10 * 1024 * 1024, $"restored {result.RestoredBytes} bytes"); // ibdata1 alone is 12 MiB
        Assert.Empty(Directory.GetDirectories(request.WorkDirectory)); // the full copy became the datadir; incremental copies are gone
        if (ProcessRunner.IsRoot)
            Assert.Equal("mysql", await DrillTestSets.OwnerAsync(Path.Combine(request.DataDirectory, "ibdata1")));

        await using var server = await RestoredServer.StartAsync(request.DataDirectory, Path.Combine(sandbox, "run"));
        Assert.Equal(marks, Convert.ToInt32(await server.ScalarAsync("SELECT COUNT(*) FROM shop.marks")));
        Assert.Equal(stage, await server.ScalarAsync("SELECT stage FROM shop.marks ORDER BY id DESC LIMIT 1"));
        Assert.Equal(5000, Convert.ToInt32(await server.ScalarAsync("SELECT COUNT(*) FROM shop.orders")));
    }

    /// <summary>The copies of backups left in the sandbox's work directory.</summary>
    private static string[] Copies(PhysicalRestoreRequest request) =>
        Directory.Exists(request.WorkDirectory) ? Directory.GetDirectories(request.WorkDirectory) : [];

    [Fact]
    public async Task A_full_backup_with_two_incrementals_prepares_and_a_server_starts_on_it_with_the_newest_rows()
    {
        var (request, sandbox) = await RequestAsync(backups.Chain, "3-inc");
        await AssertRestoredAsync(request, sandbox, marks: 3, stage: "inc2");
    }

    [Fact]
    public async Task A_restored_chain_then_replays_the_binlogs_written_after_its_newest_backup()
    {
        var (request, sandbox) = await RequestAsync(backups.Chain, "3-inc");
        await PhysicalRestore.PrepareAsync(request, CancellationToken.None);
        await using var server = await RestoredServer.StartAsync(request.DataDirectory, Path.Combine(sandbox, "run"));
        Assert.Equal(3, Convert.ToInt32(await server.ScalarAsync("SELECT COUNT(*) FROM shop.marks")));

        // 3-inc's xtrabackup_binlog_info is where the replay starts; marks 4 and 5 were written after it.
        var replay = await BinlogReplay.RunAsync(new BinlogReplayRequest(request.Set, request.NewestArtifactPath,
            backups.Server.DataDirectory,
            server.SocketPath, TimeSpan.FromHours(1)), CancellationToken.None);

        Assert.Equal(5, Convert.ToInt32(await server.ScalarAsync("SELECT COUNT(*) FROM shop.marks")));
        Assert.Equal("stream-inc", await server.ScalarAsync("SELECT stage FROM shop.marks WHERE id = 5"));
        Assert.Equal((await File.ReadAllTextAsync(Path.Combine(request.NewestArtifactPath, "xtrabackup_binlog_info")))
            .Split('\t')[0], replay.Start.File);
        Assert.True(replay.Transactions >= 2, $"{replay.Transactions} transactions");
    }

    [Fact]
    public async Task A_streamed_chain_plain_and_zstd_is_extracted_through_mbstream_and_restores()
    {
        var (request, sandbox) = await RequestAsync(backups.Streams, "2-inc.xbstream.zst");
        await AssertRestoredAsync(request, sandbox, marks: 5, stage: "stream-inc");
    }

    [Fact]
    public async Task A_damaged_redo_log_fails_the_prepare_with_InnoDBs_line()
    {
        var set = await CopyOfChainAsync("damaged-redo");
        var log = Path.Combine(set, "1-full", "ib_logfile0");
        await using (var file = new FileStream(log, FileMode.Open, FileAccess.Write))
        {
            // The redo records after the 12 KiB header: zeroed, as by a torn write.
            file.Position = 12288;
            file.Write(new byte[file.Length - 12288]);
        }
        var (request, _) = await RequestAsync(set, "3-inc");
        var before = DrillTestSets.Fingerprint(set);

        var failure = await Assert.ThrowsAsync<DrillFailedException>(() => PhysicalRestore.PrepareAsync(request, CancellationToken.None));
        output.WriteLine(failure.Message);

        Assert.Equal(DrillPhases.Restore, failure.Phase);
        Assert.Contains("--prepare of the full backup", failure.Message);
        Assert.Contains(Path.Combine(set, "1-full"), failure.Message);
        Assert.Contains("[ERROR] InnoDB: Missing FILE_CHECKPOINT", failure.Message);
        Assert.Equal(before, DrillTestSets.Fingerprint(set));
        Assert.Empty(Copies(request));
    }

    [Fact]
    public async Task A_missing_incremental_is_a_gap_named_before_anything_is_prepared()
    {
        var set = await CopyOfChainAsync("gap");
        Directory.Delete(Path.Combine(set, "2-inc"), recursive: true);
        var (request, _) = await RequestAsync(set, "3-inc");

        var failure = await Assert.ThrowsAsync<DrillFailedException>(() => PhysicalRestore.PrepareAsync(request, CancellationToken.None));
        output.WriteLine(failure.Message);

        Assert.Equal(DrillPhases.Fetch, failure.Phase);
        Assert.Contains("the incremental chain is broken: 3-inc starts at LSN", failure.Message);
        Assert.Contains($"no backup in {set} ends there", failure.Message);
        Assert.False(Directory.Exists(request.DataDirectory));
        Assert.Empty(Copies(request));
    }

    [Fact]
    public async Task A_truncated_stream_fails_the_fetch_with_mbstreams_line()
    {
        var set = Directory.CreateDirectory(Path.Combine(_root, "truncated")).FullName;
        var whole = new FileInfo(Path.Combine(backups.Streams, "1-full.xbstream"));
        await ProcessRunner.CheckedAsync("sh", "-c", $"head -c {whole.Length / 2} {ProcessRunner.Quote(whole.FullName)} "
            + $"> {ProcessRunner.Quote(Path.Combine(set, "1-full.xbstream"))}");
        var (request, _) = await RequestAsync(set, "1-full.xbstream");

        var failure = await Assert.ThrowsAsync<DrillFailedException>(() => PhysicalRestore.PrepareAsync(request, CancellationToken.None));
        output.WriteLine(failure.Message);

        Assert.Equal(DrillPhases.Fetch, failure.Phase);
        Assert.Contains($"cannot extract {Path.Combine(set, "1-full.xbstream")}: mbstream exited 1:", failure.Message);
        Assert.Contains("xb_stream_read_chunk(): my_read() failed", failure.Message);
        Assert.Empty(Copies(request));
    }

    [Fact]
    public async Task A_truncated_gzip_stream_names_gzips_complaint()
    {
        var set = Directory.CreateDirectory(Path.Combine(_root, "truncated-gz")).FullName;
        var source = Path.Combine(backups.Streams, "1-full.xbstream");
        var target = Path.Combine(set, "1-full.xbstream.gz");
        await ProcessRunner.ShellAsync($"gzip -1 -c {ProcessRunner.Quote(source)} > {ProcessRunner.Quote(target)}.whole"
            + $" && head -c $(( $(stat -c %s {ProcessRunner.Quote(target)}.whole) / 2 )) {ProcessRunner.Quote(target)}.whole "
                + $"> {ProcessRunner.Quote(target)}"
            + $" && rm {ProcessRunner.Quote(target)}.whole");
        var (request, _) = await RequestAsync(set, "1-full.xbstream.gz");

        var failure = await Assert.ThrowsAsync<DrillFailedException>(() => PhysicalRestore.PrepareAsync(request, CancellationToken.None));
        output.WriteLine(failure.Message);

        Assert.Equal(DrillPhases.Fetch, failure.Phase);
        Assert.Contains($"cannot decompress {target}: gzip exited 1:", failure.Message);
        Assert.Contains("unexpected end of file", failure.Message);
    }

    [Fact]
    public async Task An_xtrabackup_backup_is_unsupported_on_a_host_without_xtrabackup_and_nothing_is_copied()
    {
        Assert.Null(ProcessRunner.FindExecutable("xtrabackup")); // Percona XtraBackup is not packaged in Debian
        var set = Directory.CreateDirectory(Path.Combine(_root, "xtrabackup")).FullName;
        await ProcessRunner.ShellAsync($"cp -a {ProcessRunner.Quote(Path.Combine(backups.Chain, "1-full"))} {ProcessRunner.Quote(set)}/"
            + $" && sed -i 's/^tool_name = .*/tool_name = xtrabackup/' "
                + $"{ProcessRunner.Quote(Path.Combine(set, "1-full", "xtrabackup_info"))}");
        var (request, _) = await RequestAsync(set, "1-full", kind: SetKind.Xtrabackup);

        var unsupported = await Assert.ThrowsAsync<DrillUnsupportedException>(() => PhysicalRestore.PrepareAsync(request,
            CancellationToken.None));
        output.WriteLine(unsupported.Message);

        Assert.Contains("xtrabackup is not installed on this host", unsupported.Message);
        Assert.Contains(Path.Combine(set, "1-full"), unsupported.Message);
        Assert.False(Directory.Exists(request.WorkDirectory));
    }

    [Fact]
    public async Task Cancelling_kills_the_running_prepare_and_leaves_no_copy_behind()
    {
        var (request, _) = await RequestAsync(backups.Chain, "3-inc");
        var before = DrillTestSets.Fingerprint(backups.Chain);
        using var cancel = new CancellationTokenSource();

        var restore = PhysicalRestore.PrepareAsync(request, cancel.Token);
        var prepare = await RunningToolAsync(request.WorkDirectory, "--prepare", restore);
        await ProcessRunner.CheckedAsync("kill", "-STOP", prepare.ToString()); // held mid-prepare until the cancellation
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => restore);
        Assert.False(Directory.Exists($"/proc/{prepare}"), $"mariabackup {prepare} still exists after the cancellation");
        Assert.Empty(Copies(request));
        Assert.Equal(before, DrillTestSets.Fingerprint(backups.Chain));
    }

    /// <summary>The pid of the process whose command line names <paramref name="directory"/> and <paramref name="option"/>.</summary>
    private static async Task<int> RunningToolAsync(string directory, string option, Task running)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            Assert.False(running.IsCompleted, $"the restore ended before a process with {option} in {directory} was "
                + $"seen: {running.Exception}");
            foreach (var entry in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(entry), out var pid))
                    continue;
                try
                {
                    var arguments = (await File.ReadAllTextAsync(Path.Combine(entry, "cmdline"))).Split('\0');
                    if (arguments.Contains(option) && arguments.Any(a => a.Contains(directory, StringComparison.Ordinal)))
                        return pid;
                }
                catch (IOException)
                {
                    // Gone meanwhile.
                }
            }
            await Task.Delay(10);
        }
        throw new TimeoutException($"no process with {option} in {directory} within 60 s");
    }
}
