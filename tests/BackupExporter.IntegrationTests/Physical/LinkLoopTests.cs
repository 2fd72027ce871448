using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Physical;

/// <summary>
/// Symbolic links that make a directory walk endless: <c>ln -s .</c> inside a mariabackup directory, and a set whose
/// path is a link to <c>/</c>. The real exporter names the loop, stops each walk at the inspection's timeout, and
/// keeps its memory.
/// </summary>
public sealed class LinkLoopTests : IAsyncDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("backup-exporter-loops-").FullName;

    private string LoopedSet()
    {
        var backup = Directory.CreateDirectory(Path.Combine(_root, "loops", "2026-12-07_02-00-00")).FullName;
        File.WriteAllText(Path.Combine(backup, "xtrabackup_checkpoints"), "backup_type = full-backuped\nfrom_lsn = 0\nto_lsn = 1\n");
        File.CreateSymbolicLink(Path.Combine(backup, "a"), ".");
        File.CreateSymbolicLink(Path.Combine(backup, "b"), ".");
        File.CreateSymbolicLink(Path.Combine(backup, "c"), ".");
        Damage.SetModified(backup, DateTimeOffset.UtcNow.AddHours(-1));
        return Path.GetDirectoryName(backup)!;
    }

    [Fact]
    public async Task Three_links_to_dot_are_a_loop_named_in_the_reason_not_an_endless_walk()
    {
        var config = Path.Combine(_root, "loops.yml");
        File.WriteAllText(config,
            $"backups:\n  - name: loops\n    kind: mariabackup\n    path: {LoopedSet()}\n    checksum: none\n    timeout: 10s\n");

        var started = DateTime.UtcNow;
        var r = await ExporterProcess.RunCliAsync("verify", "--config.file=" + config, "--output=text");

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(9), "the walk ended well before the timeout");
        Assert.True(r.ExitCode == 2, r.Stdout + r.Stderr);
        Assert.Matches(@"complete +FAILED +symbolic link loop: [abc] -> \. leads back to a directory that holds it; " +
            "links to directories are not followed", r.Stdout);
    }

    [Fact]
    public async Task A_set_linked_to_the_root_stops_walking_at_its_timeout_with_bounded_memory()
    {
        var link = Path.Combine(_root, "everything");
        File.CreateSymbolicLink(link, "/");
        var config = Path.Combine(_root, "root.yml");
        File.WriteAllText(config, $"global:\n  interval: 1s\nbackups:\n  - name: everything\n    kind: mariabackup\n    path: {link}\n" +
            $"    checksum: none\n    timeout: 2s\n  - name: loops\n    kind: mariabackup\n    path: {LoopedSet()}\n    checksum: none\n");
        await using var exporter = await ExporterProcess.StartAsync(config);

        // Each walk of / ends at the timeout: nothing stays stuck past it, round after round.
        await exporter.OutputUntilAsync("inspection backup:everything failed: timed out after 2s");
        var until = DateTime.UtcNow.AddSeconds(20);
        var rss = new List<double>();
        var stuckFree = 0;
        while (DateTime.UtcNow < until)
        {
            var scrape = await exporter.ScrapeAsync();
            rss.Add(scrape.Value("process_resident_memory_bytes") ?? 0);
            if (scrape.Value("mysql_backup_exporter_inspections_stuck") == 0)
                stuckFree++;
            await Task.Delay(500);
        }
        Assert.True(stuckFree >= rss.Count / 2,
            $"the walk went on past its timeout: stuck in {rss.Count - stuckFree} of {rss.Count} scrapes");
        Assert.True(rss.Max() < 400 * 1024 * 1024, $"RSS grew to {rss.Max() / 1024 / 1024:0} MiB");
        var status = (await exporter.GetAsync("/api/v1/status")).Body;
        Assert.Contains("symbolic link loop", status);
        Assert.Contains("timed out after 2s", status);
    }

    public async ValueTask DisposeAsync() => await ProcessRunner.RunAsync("rm", ["-rf", _root]);
}
