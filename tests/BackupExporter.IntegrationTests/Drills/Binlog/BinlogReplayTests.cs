using BackupExporter.Inspection.Drills;
using BackupExporter.IntegrationTests.Drills.Physical;
using BackupExporter.IntegrationTests.Fixtures;
using Xunit.Abstractions;
using BackupExporter.Restore.Binlog;
using BackupExporter.Restore;

namespace BackupExporter.IntegrationTests.Drills.Binlog;

/// <summary>
/// Binlog replay onto a restored copy with the real mariadb-binlog and client: the rows written after a dump come
/// back, the span is respected, and each failure (a start inside an event, a replay done twice, a binlog file
/// missing from the span, the start file purged) fails with the tool's line.
/// </summary>
public sealed class BinlogReplayTests(BinlogReplayBackups backups, ITestOutputHelper output) : IClassFixture<BinlogReplayBackups>
{
    private BinlogReplayRequest Request(MariaDbServer target, string? dump = null, string? binlogDirectory = null, TimeSpan? span = null) =>
        new(
        DrillTestSets.Set(Path.GetDirectoryName(dump ?? backups.Dump)!, kind: SetKind.Mysqldump, pattern: "*.sql"),
        dump ?? backups.Dump,
        binlogDirectory ?? backups.Source.DataDirectory,
        target.SocketPath,
        span ?? TimeSpan.FromHours(1));

    private static async Task<int> OrdersAsync(MariaDbServer server) =>
        Convert.ToInt32(await server.ScalarAsync("SELECT COUNT(*) FROM shop.orders"));

    [Fact]
    public async Task Rows_written_after_the_dump_appear_after_the_replay_and_a_second_replay_fails_on_the_duplicate()
    {
        await using var target = await backups.RestoredTargetAsync(backups.Dump);
        Assert.Equal(5000, await OrdersAsync(target));

        var result = await BinlogReplay.RunAsync(Request(target), CancellationToken.None);

        Assert.Equal(5012, await OrdersAsync(target));
        Assert.Equal(backups.StartFile, result.Start.File);
        Assert.Equal(backups.StartPosition, result.Start.Position);
        Assert.Equal([backups.StartFile, backups.BinlogAfterStart(1), backups.BinlogAfterStart(2)], result.Files.Select(Path.GetFileName));
        Assert.Equal(4, result.Transactions); // the four INSERTs; FLUSH BINARY LOGS is not a transaction
        Assert.True(result.Events >= 4 * 3, $"{result.Events} events");
        Assert.NotNull(result.ReachedTime);
        Assert.InRange(result.ReachedTime!.Value, DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(1));
        // The bytes replayed: the start file from the start position, the others whole but their 4-byte magic, and the
        // start file's format description event (printed first, under 1 KiB).
        var files = result.Files.Select(f => new FileInfo(Path.IsPathRooted(f) ? f : Path.Combine(backups.Source.DataDirectory, f)).Length)
            .ToList();
        var span = files[0] - backups.StartPosition + files.Skip(1).Sum(size => size - 4);
        Assert.InRange(result.Bytes, span, span + 1024);

        var twice = await Assert.ThrowsAsync<DrillFailedException>(() => BinlogReplay.RunAsync(Request(target), CancellationToken.None));
        output.WriteLine(twice.Message);
        Assert.Equal(DrillPhases.Restore, twice.Phase);
        Assert.Contains($"binlog replay from {backups.StartFile}:{backups.StartPosition} failed after reading", twice.Message);
        Assert.Contains("mariadb exited 1: ERROR 1062 (23000) at line", twice.Message);
        Assert.Contains("Duplicate entry '5001'", twice.Message);
    }

    [Fact]
    public async Task A_mydumper_dump_replays_from_the_coordinates_in_its_metadata()
    {
        await using var target = await MariaDbServer.StartOwnAsync();
        await ProcessRunner.CheckedAsync("myloader", "-d", backups.MydumperDump, "-S", target.SocketPath, "-u", "root");
        Assert.Equal(5000, await OrdersAsync(target));

        var request = new BinlogReplayRequest(DrillTestSets.Set(backups.MydumperSet, kind: SetKind.Mydumper, pattern: "*"),
            backups.MydumperDump, backups.Source.DataDirectory, target.SocketPath, TimeSpan.FromHours(1));
        var result = await BinlogReplay.RunAsync(request, CancellationToken.None);

        Assert.Equal(5012, await OrdersAsync(target));
        Assert.Equal(backups.StartFile, result.Start.File);
    }

    [Fact]
    public async Task Nothing_after_the_span_is_replayed()
    {
        var dumps = Directory.CreateDirectory(Path.Combine(backups.Root, "old-dump")).FullName;
        var dump = Path.Combine(dumps, "shop.sql");
        File.Copy(backups.Dump, dump);
        await DumpMaker.RedateAsync(dump, DateTimeOffset.UtcNow.AddHours(-2)); // taken two hours ago: a one-hour span ends an hour ago
        await using var target = await backups.RestoredTargetAsync(dump);

        var result = await BinlogReplay.RunAsync(Request(target, dump), CancellationToken.None);

        Assert.Equal(5000, await OrdersAsync(target));
        Assert.Equal([backups.StartFile], result.Files.Select(Path.GetFileName)); // the later files begin after the span
        Assert.Equal(0, result.Transactions);
    }

    [Fact]
    public async Task A_start_inside_an_event_fails_with_mariadb_binlogs_line()
    {
        var dumps = Directory.CreateDirectory(Path.Combine(backups.Root, "mid-event")).FullName;
        var dump = Path.Combine(dumps, "shop.sql");
        var text = await File.ReadAllTextAsync(backups.Dump);
        await File.WriteAllTextAsync(dump, text.Replace($"MASTER_LOG_POS={backups.StartPosition};", $"MASTER_LOG_POS="
            + $"{backups.StartPosition - 1};"));
        await using var target = await backups.RestoredTargetAsync(dump);

        var failure = await Assert.ThrowsAsync<DrillFailedException>(() => BinlogReplay.RunAsync(Request(target, dump),
            CancellationToken.None));
        output.WriteLine(failure.Message);

        Assert.Equal(DrillPhases.Restore, failure.Phase);
        Assert.Contains("mariadb-binlog exited 1: ERROR:", failure.Message);
        Assert.Contains($"ERROR: Could not read entry at offset {backups.StartPosition - 1}: Error in log format or "
            + $"read error.", failure.Message);
        Assert.Equal(5000, await OrdersAsync(target));
    }

    [Fact]
    public async Task A_binlog_file_missing_from_the_span_or_purged_fails_before_anything_is_replayed()
    {
        await using var target = await backups.RestoredTargetAsync(backups.Dump);
        var withoutMiddle = BinlogsWithout("without-middle", backups.BinlogAfterStart(1));
        var withoutStart = BinlogsWithout("without-start", backups.StartFile);

        var gap = await Assert.ThrowsAsync<DrillFailedException>(() =>
            BinlogReplay.RunAsync(Request(target, binlogDirectory: withoutMiddle), CancellationToken.None));
        var purged = await Assert.ThrowsAsync<DrillFailedException>(() =>
            BinlogReplay.RunAsync(Request(target, binlogDirectory: withoutStart), CancellationToken.None));
        output.WriteLine(gap.Message);
        output.WriteLine(purged.Message);

        Assert.Contains($"binlog replay: {backups.BinlogAfterStart(1)} is missing from {withoutMiddle} between {backups.StartFile} "
            + $"and {backups.BinlogAfterStart(2)}", gap.Message);
        Assert.Contains($"binlog replay: {backups.StartFile}, where the backup's binlog coordinates point, is not "
            + $"in {withoutStart}", purged.Message);
        Assert.Equal(5000, await OrdersAsync(target));
    }

    private string BinlogsWithout(string name, string missing)
    {
        var directory = Directory.CreateDirectory(Path.Combine(backups.Root, name)).FullName;
        foreach (var file in Directory.GetFiles(backups.Source.DataDirectory, "mysql-bin.0*"))
            if (Path.GetFileName(file) != missing)
                File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        return directory;
    }
}
