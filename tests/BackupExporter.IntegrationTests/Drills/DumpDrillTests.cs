using System.Text.Json;
using System.Text.RegularExpressions;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Drills;

/// <summary>
/// Drills of real mariadb-dump output through the real <c>drill</c> command: each restores into a real sandbox
/// mariadbd, and each failure is staged in a real dump.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed partial class DumpDrillTests(SharedMariaDb shared) : IDisposable
{
    private readonly DrillScene _scene = new();

    public void Dispose() => _scene.Dispose();

    [Theory]
    [InlineData(DumpCompression.None, "shop.sql")]
    [InlineData(DumpCompression.Gzip, "shop.sql.gz")]
    [InlineData(DumpCompression.Zstd, "shop.sql.zst")]
    public async Task A_good_dump_restores_and_is_counted(DumpCompression compression, string file)
    {
        _scene.Configure(("shop", SetKind.Mysqldump,
            r => r.Item("checks", c => c.Set("sql", "SELECT COUNT(*) FROM shop.orders").Set("min", 5000))));
        await DumpMaker.DumpAsync(shared.Server, Path.Combine(_scene.BackupDirectory("shop"), file), compression);

        var r = await _scene.DrillAsync("shop");

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.StartsWith("shop: OK\n", r.Stdout);
        Assert.Contains("    shop: 2 tables, 7000 rows\n", r.Stdout);
        Assert.Contains("  check ok: SELECT COUNT(*) FROM shop.orders = 5000\n", r.Stdout);
        var newest = _scene.HistoryOf("shop").GetProperty("newest");
        Assert.Equal("ok", newest.GetProperty("verdict").GetString(), ignoreCase: true);
        Assert.True(newest.GetProperty("phase_seconds").GetProperty("total").GetDouble() > 0);
        Assert.Empty(_scene.LeftInScratch());
        Assert.Empty(_scene.ProcessesInScratch());
    }

    [Fact]
    public async Task A_dump_without_create_database_is_loaded_into_a_database_named_after_the_set()
    {
        _scene.Configure(("shop", SetKind.Mysqldump,
            r => r.Item("checks", c => c.Set("sql", "SELECT COUNT(*) FROM shop.customers").Set("min", 2000).Set("max", 2000))));
        await DumpMaker.DumpAsync(shared.Server, Path.Combine(_scene.BackupDirectory("shop"), "shop.sql.gz"), databases: "shop");

        var r = await _scene.DrillAsync("shop");

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("    shop: 2 tables, 7000 rows\n", r.Stdout);
    }

    [Fact]
    public async Task A_syntax_error_in_the_middle_of_a_checksummed_dump_fails_naming_its_line()
    {
        _scene.Configure(("shop", SetKind.Mysqldump, null));
        var dump = await DumpMaker.DumpAsync(shared.Server, Path.Combine(_scene.BackupDirectory("shop"), "shop.sql"), DumpCompression.None);
        var line = InsertBeforeOrders(dump, "INSERT INTO orders VALUES (1,;");
        DumpMaker.WriteSidecar(dump); // the sidecar matches: only a restore can find this

        var r = await _scene.DrillAsync("shop");

        Assert.True(r.ExitCode == 2, r.Stdout + r.Stderr);
        Assert.Matches($@"^shop: CRITICAL - restore: shop\.sql: ERROR 1064 \(42000\) at line {line}: You have an error in "
            + $@"your SQL syntax", r.Stdout);
        Assert.Equal("restore", _scene.HistoryOf("shop").GetProperty("newest").GetProperty("failed_phase").GetString());
        Assert.Empty(_scene.LeftInScratch());
        Assert.Empty(_scene.ProcessesInScratch());
    }

    [Fact]
    public async Task A_table_missing_a_column_its_data_needs_fails()
    {
        _scene.Configure(("shop", SetKind.Mysqldump, null));
        var dump = await DumpMaker.DumpAsync(shared.Server, Path.Combine(_scene.BackupDirectory("shop"), "shop.sql"),
            DumpCompression.None, sha256Sidecar: false);
        var text = File.ReadAllText(dump);
        var column = NoteColumn().Match(text);
        Assert.True(column.Success, "the dump defines orders.note");
        File.WriteAllText(dump, text.Remove(column.Index, column.Length));

        var r = await _scene.DrillAsync("shop");

        Assert.True(r.ExitCode == 2, r.Stdout + r.Stderr);
        Assert.Matches(@"^shop: CRITICAL - restore: shop\.sql: ERROR 1136 \(21S01\) at line \d+: Column count doesn't match value "
            + @"count at row 1", r.Stdout);
    }

    [GeneratedRegex(@"  `note` varchar\(200\)[^\n]*\n")]
    private static partial Regex NoteColumn();

    [Fact]
    public async Task A_check_below_its_min_fails_the_drill()
    {
        _scene.Configure(("shop", SetKind.Mysqldump,
            r => r.Item("checks", c => c.Set("sql", "SELECT COUNT(*) FROM shop.orders").Set("min", 100000))));
        await DumpMaker.DumpAsync(shared.Server, Path.Combine(_scene.BackupDirectory("shop"), "shop.sql.gz"));

        var r = await _scene.DrillAsync("shop");

        Assert.True(r.ExitCode == 2, r.Stdout + r.Stderr);
        Assert.StartsWith("shop: CRITICAL - verify: check SELECT COUNT(*) FROM shop.orders: returned 5000, below min 100000\n", r.Stdout);
        Assert.Contains("  check FAILED: SELECT COUNT(*) FROM shop.orders = 5000 (returned 5000, below min 100000)\n", r.Stdout);
    }

    [Fact]
    public async Task A_table_that_fails_CHECK_TABLE_fails_the_verify_phase_with_its_reason()
    {
        // A MERGE table over a table that does not exist loads without an error; CHECK TABLE reports it corrupt, and
        // its COUNT(*), running at the same time on the other connection, fails too (ERROR 1168): the check's
        // reason is what the drill reports.
        _scene.Configure(("shop", SetKind.Mysqldump, null));
        var dump = await DumpMaker.DumpAsync(shared.Server, Path.Combine(_scene.BackupDirectory("shop"), "shop.sql"), DumpCompression.None);
        var lines = File.ReadAllLines(dump).ToList();
        lines.Insert(lines.FindLastIndex(l => l == "UNLOCK TABLES;") + 1, "CREATE TABLE `merged` (id INT) "
            + "ENGINE=MRG_MyISAM UNION=(`nosuch`);");
        File.WriteAllLines(dump, lines);
        DumpMaker.WriteSidecar(dump);

        var r = await _scene.DrillAsync("shop");

        Assert.True(r.ExitCode == 2, r.Stdout + r.Stderr);
        Assert.StartsWith("shop: CRITICAL - verify: CHECK TABLE failed for 1 table(s): shop.merged: Table 'shop.nosuch' is differently "
            + "defined or of non-MyISAM type or doesn't exist\n", r.Stdout);
        Assert.Empty(_scene.LeftInScratch());
        Assert.Empty(_scene.ProcessesInScratch());
    }

    [Fact]
    public async Task A_scratch_dir_too_long_for_the_sandbox_socket_is_refused_before_anything_is_written()
    {
        var scratch = Path.Combine(_scene.Root, new string('s', 70));
        await DumpMaker.DumpAsync(shared.Server, Path.Combine(_scene.BackupDirectory("shop"), "shop.sql.gz"));
        new ConfigBuilder()
            .Backup("shop", SetKind.Mysqldump, _scene.BackupDirectory("shop"),
                b => b.SettleTime("0s").RestoreTest(r => r.Set("scratch_dir", scratch)))
            .WriteTo(_scene.ConfigFile);

        var r = await _scene.DrillAsync("shop");

        Assert.True(r.ExitCode == 2, r.Stdout + r.Stderr);
        Assert.Matches($@"^shop: CRITICAL - fetch: refused before writing: the sandbox's "
            + $@"socket {Regex.Escape(scratch)}/sandbox-\d{{8}}T\d{{6}}-\d+/run/mysqld\.sock would be \d+ bytes long, more than the 107 a "
            + $@"Unix socket path may have: choose a shorter restore_test\.scratch_dir\n", r.Stdout);
        Assert.Equal(["drill.lock"], Directory.EnumerateFileSystemEntries(scratch).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_restore_that_needs_more_than_max_disk_is_refused_before_anything_is_written()
    {
        _scene.Configure(("shop", SetKind.Mysqldump, r => r.Set("max_disk", "1MiB")));
        await DumpMaker.DumpAsync(shared.Server, Path.Combine(_scene.BackupDirectory("shop"), "shop.sql.zst"), DumpCompression.Zstd);

        var r = await _scene.DrillAsync("shop");

        Assert.True(r.ExitCode == 2, r.Stdout + r.Stderr);
        Assert.Matches(@"^shop: CRITICAL - fetch: refused before writing: the restore needs about [\d.]+MiB, more than "
            + @"max_disk 1MiB\n", r.Stdout);
        Assert.Empty(_scene.LeftInScratch());
    }

    [Fact]
    public async Task A_scratch_volume_too_small_is_refused_before_anything_is_written()
    {
        _scene.Configure(("shop", SetKind.Mysqldump, null));
        await DumpMaker.DumpAsync(shared.Server, Path.Combine(_scene.BackupDirectory("shop"), "shop.sql.gz"));
        Directory.CreateDirectory(_scene.Scratch);
        await ProcessRunner.CheckedAsync("mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", _scene.Scratch); // a real 20 MiB volume
        try
        {
            var r = await _scene.DrillAsync("shop");

            Assert.True(r.ExitCode == 2, r.Stdout + r.Stderr);
            Assert.Matches($@"^shop: CRITICAL - fetch: refused before writing: the restore needs about [\d.]+MiB, "
                + $@"but {Regex.Escape(_scene.Scratch)} has [\d.]+MiB free\n", r.Stdout);
            Assert.Empty(_scene.LeftInScratch());
        }
        finally
        {
            await ProcessRunner.CheckedAsync("umount", _scene.Scratch);
        }
    }

    [Fact]
    public async Task A_drill_past_its_timeout_is_stopped_and_its_sandbox_removed()
    {
        _scene.Configure(("shop", SetKind.Mysqldump, r => r.Set("timeout", "2s")));
        var dump = await DumpMaker.DumpAsync(shared.Server, Path.Combine(_scene.BackupDirectory("shop"), "shop.sql"),
            DumpCompression.None, sha256Sidecar: false);
        InsertBeforeOrders(dump, "SELECT SLEEP(600);"); // the load would take ten minutes

        var r = await _scene.DrillAsync("shop");

        Assert.True(r.ExitCode == 2, r.Stdout + r.Stderr);
        Assert.Matches(@"^shop: CRITICAL - restore: timed out after 2s \(restore_test.timeout\) during restore; the sandbox was killed "
            + @"and removed\n", r.Stdout);
        Assert.Empty(_scene.LeftInScratch());
        Assert.Empty(_scene.ProcessesInScratch());
    }

    [Fact]
    public async Task A_drill_killed_mid_restore_leaves_no_server_and_the_next_drill_starts_clean()
    {
        _scene.Configure(("slow", SetKind.Mysqldump, null), ("shop", SetKind.Mysqldump, null));
        var slow = await DumpMaker.DumpAsync(shared.Server, Path.Combine(_scene.BackupDirectory("slow"), "slow.sql"),
            DumpCompression.None, sha256Sidecar: false);
        InsertBeforeOrders(slow, "SELECT SLEEP(600);");
        await DumpMaker.DumpAsync(shared.Server, Path.Combine(_scene.BackupDirectory("shop"), "shop.sql.gz"));

        using var drill = _scene.StartDrill("slow");
        await Until(() => _scene.ProcessesInScratch().Any(p => p.Contains("mariadb --no-defaults", StringComparison.Ordinal)),
            "the dump is loading");
        drill.Kill(); // SIGKILL: no cleanup runs in the drill
        await drill.WaitForExitAsync();
        await Until(() => _scene.ProcessesInScratch().Count == 0, "the sandbox server is gone");
        Assert.Single(_scene.LeftInScratch()); // its directory is left for the next drill

        var r = await _scene.DrillAsync("shop");

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Matches(@"  note: removed the sandbox \S+/scratch/sandbox-\S+ left by a drill that did not finish\n", r.Stdout);
        Assert.Empty(_scene.LeftInScratch());
        // The killed drill, run by hand, had recorded nothing: the drill that found its sandbox records it as failed.
        Assert.Matches(@"  note: recorded the drill of slow started at \S+ \S+ as failed in its restore phase: interrupted: the drill "
            + @"process ended without a result\n", r.Stdout);
        var interrupted = _scene.HistoryOf("slow");
        Assert.Equal(1, interrupted.GetProperty("recent").GetArrayLength());
        var newest = interrupted.GetProperty("newest");
        Assert.Equal("failed", newest.GetProperty("verdict").GetString(), ignoreCase: true);
        Assert.Equal("interrupted: the drill process ended without a result", newest.GetProperty("error").GetString());
        Assert.Equal("restore", newest.GetProperty("failed_phase").GetString());
        Assert.EndsWith("slow.sql", newest.GetProperty("artifact_path").GetString());
        Assert.Equal("ok", _scene.HistoryOf("shop").GetProperty("newest").GetProperty("verdict").GetString(), ignoreCase: true);

        // Found again (a marker that could not be removed, a second scratch user): never recorded twice.
        Assert.Equal(0, (await _scene.DrillAsync("shop")).ExitCode);
        Assert.Equal(1, _scene.HistoryOf("slow").GetProperty("recent").GetArrayLength());
    }

    [Fact]
    public async Task A_collapse_against_the_previous_successful_drill_fails_and_the_history_survives_between_processes()
    {
        _scene.Configure(("shop", SetKind.Mysqldump, r => r.Set("max_shrink", "50%")));
        var directory = _scene.BackupDirectory("shop");
        await DumpMaker.DumpAsync(shared.Server, Path.Combine(directory, "shop-1.sql.gz"), modified: DateTimeOffset.UtcNow.AddHours(-2));
        Assert.Equal(0, (await _scene.DrillAsync("shop")).ExitCode);
        await DumpMaker.DumpAsync(shared.Server, Path.Combine(directory, "shop-2.sql.gz"), DumpCompression.Gzip, true,
            "--single-transaction", "--where=id <= 1000", "--databases", "shop");

        var r = await _scene.DrillAsync("shop");

        Assert.True(r.ExitCode == 2, r.Stdout + r.Stderr);
        Assert.Matches(@"^shop: CRITICAL - verify: the restored data shrank by more than max_shrink 50% against the drill of .+: shop: "
            + @"rows fell from 7000 to 2000; table shop\.orders: rows fell from 5000 to 1000\n", r.Stdout);
        var history = _scene.HistoryOf("shop");
        Assert.EndsWith("shop-1.sql.gz", history.GetProperty("last_success").GetProperty("artifact_path").GetString());
        Assert.Equal(2, history.GetProperty("recent").GetArrayLength());
    }

    [Fact]
    public async Task A_drill_failing_during_the_load_reports_the_time_the_restore_phase_really_took()
    {
        _scene.Configure(("shop", SetKind.Mysqldump, null));
        var dump = await DumpMaker.DumpAsync(shared.Server, Path.Combine(_scene.BackupDirectory("shop"), "shop.sql"), DumpCompression.None);
        InsertBeforeOrders(dump, "SELECT SLEEP(2);");
        InsertBeforeOrders(dump, "INSERT INTO orders VALUES (1,;"); // after the two seconds of loading
        DumpMaker.WriteSidecar(dump);

        var r = await _scene.DrillAsync("shop", "json");

        Assert.True(r.ExitCode == 2, r.Stdout + r.Stderr);
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.Equal("restore", json.RootElement.GetProperty("failed_phase").GetString());
        var phases = json.RootElement.GetProperty("phase_seconds");
        double restore = phases.GetProperty("restore").GetDouble(), total = phases.GetProperty("total").GetDouble();
        Assert.True(restore >= 2, $"restore {restore}s: the load ran two seconds before it failed");
        Assert.True(total >= restore && total - restore < 1.5, $"total {total}s against restore {restore}s");
        Assert.Equal(0, phases.GetProperty("verify").GetDouble());
        var recorded = _scene.HistoryOf("shop").GetProperty("newest").GetProperty("phase_seconds");
        Assert.Equal(restore, recorded.GetProperty("restore").GetDouble());
    }

    [Fact]
    public async Task A_stalled_partial_newest_dump_is_skipped_and_named_and_the_older_one_restored()
    {
        _scene.Configure(("shop", SetKind.Mysqldump, null));
        var directory = _scene.BackupDirectory("shop");
        await DumpMaker.DumpAsync(shared.Server, Path.Combine(directory, "shop-1.sql.gz"));
        await Task.Delay(1100); // the partial one is newer by the clock, whatever time each is judged by
        var partial = await DumpMaker.DumpAsync(shared.Server, Path.Combine(directory, "shop-2.sql.gz"), sha256Sidecar: false);
        Damage.Truncate(partial, new FileInfo(partial).Length / 2); // it stopped half-way and no longer changes

        var r = await _scene.DrillAsync("shop");

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Matches($@"\n  artifact: {Regex.Escape(Path.Combine(directory, "shop-1.sql.gz"))} \(", r.Stdout);
        Assert.Matches($@"\n  skipped: {Regex.Escape(partial)}: its \S+ check failed: .+; the older shop-1\.sql\.gz was restored\n",
            r.Stdout);
        var skipped = _scene.HistoryOf("shop").GetProperty("newest").GetProperty("skipped");
        Assert.Equal(partial, skipped[0].GetProperty("path").GetString());

        // The status page and /api/v1/status of an exporter reading that history say it too.
        var state = Path.Combine(_scene.Root, "state");
        Directory.CreateDirectory(Path.Combine(state, "drills"));
        File.Copy(Path.Combine(_scene.History, "shop.json"), Path.Combine(state, "drills", "shop.json"));
        await using var exporter = await ExporterProcess.StartWithStateAsync(_scene.ConfigFile, state);
        using var status = JsonDocument.Parse((await exporter.GetAsync("/api/v1/status")).Body);
        var drill = status.RootElement.GetProperty("backups")[0].GetProperty("drill").GetProperty("newest");
        Assert.Equal(partial, drill.GetProperty("skipped")[0].GetProperty("artifact").GetString());
        Assert.StartsWith("its ", drill.GetProperty("skipped")[0].GetProperty("reason").GetString());
        Assert.Contains("skipped the newer shop-2.sql.gz: its ", (await exporter.GetAsync("/")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_newest_dump_still_being_written_stops_the_drill_with_exit_3()
    {
        _scene.Configure(b => b.SettleTime("10m"), ("shop", SetKind.Mysqldump, null));
        var directory = _scene.BackupDirectory("shop");
        await DumpMaker.DumpAsync(shared.Server, Path.Combine(directory, "shop-1.sql.gz"), modified: DateTimeOffset.UtcNow.AddHours(-2));
        var writing = await DumpMaker.DumpAsync(shared.Server, Path.Combine(directory, "shop-2.sql.gz"), sha256Sidecar: false);
        Damage.Truncate(writing, new FileInfo(writing).Length / 2);
        File.SetLastWriteTimeUtc(writing, DateTime.UtcNow); // written to a moment ago: within settle_time

        var r = await _scene.DrillAsync("shop");

        Assert.True(r.ExitCode == 3, r.Stdout + r.Stderr);
        Assert.Equal($"shop: UNKNOWN - drill not started: the set's backup is being written ({writing}); a drill does not compete "
            + "with it\n", r.Stdout);
    }

    /// <summary>Puts a statement before the orders data, where the dump's own footer still ends the file.</summary>
    private static int InsertBeforeOrders(string dump, string statement)
    {
        var lines = File.ReadAllLines(dump).ToList();
        var at = lines.FindIndex(l => l.StartsWith("INSERT INTO `orders`", StringComparison.Ordinal));
        lines.Insert(at, statement);
        File.WriteAllLines(dump, lines);
        return at + 1;
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"not within 60 s: {what}");
            await Task.Delay(100);
        }
    }
}
