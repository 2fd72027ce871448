using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Directories;

/// <summary>
/// <c>kind: mydumper</c> and <c>kind: mysqlsh</c> through a running exporter linked to a real server. The finished
/// mydumper dump is made by Debian's real mydumper 0.10 from the real server (its metadata carries the server's
/// binlog coordinates, so PITR is judged for real). Built here from the formats in REFERENCE.md ("Other formats"),
/// because the real tool cannot give them: the mysqlsh dump (mysqlsh is not in Debian) and mydumper runs caught
/// half-way (a run still writing, and one that died before its metadata file), which a real run cannot be stopped
/// at deterministically.
/// </summary>
public sealed class LogicalDirectoryTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("backup-exporter-dirs-").FullName;
    private MariaDbServer _server = null!;

    public async Task InitializeAsync() => _server = await MariaDbServer.StartOwnAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await ProcessRunner.RunAsync("rm", ["-rf", _root]);
    }

    private static void Age(string directory, TimeSpan age)
    {
        var when = DateTime.UtcNow - age;
        foreach (var file in Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories).Append(directory))
            File.SetLastWriteTimeUtc(file, when);
    }

    [Fact]
    public async Task Finished_dumps_are_good_and_a_dump_still_being_written_is_in_progress_until_it_stops()
    {
        var binlog = Path.GetFileName((string)(await _server.ScalarAsync("SELECT @@log_bin_basename"))!) + ".000001";
        var started = DateTime.UtcNow.AddHours(-3);
        string Stamp(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss");

        var mydumper = Directory.CreateDirectory(Path.Combine(_root, "mydumper")).FullName;
        var finished = Path.Combine(mydumper, "2026-11-24");
        await _server.SeedShopAsync();
        var dump = await ProcessRunner.RunAsync("mydumper", ["-S", _server.SocketPath, "-u", "root", "-B", "shop", "-o", finished, "-c"],
            environment: new Dictionary<string, string> { ["TZ"] = "UTC" }); // 0.10 writes its times in local time
        Assert.True(dump.ExitCode == 0, dump.Stderr);
        var metadata = await File.ReadAllTextAsync(Path.Combine(finished, "metadata"));
        Assert.Contains($"Log: {binlog}", metadata, StringComparison.Ordinal); // the real server's coordinates, as PITR needs
        DateTimeOffset Stamped(string what) => DateTimeOffset.ParseExact(
            System.Text.RegularExpressions.Regex.Match(metadata, what + @" dump at: (\S+ \S+)").Groups[1].Value, "yyyy-MM-dd HH:mm:ss",
            System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
        var (dumpStarted, dumpFinished) = (Stamped("Started"), Stamped("Finished"));
        Age(finished, TimeSpan.FromHours(2));

        var mysqlsh = Directory.CreateDirectory(Path.Combine(_root, "mysqlsh")).FullName;
        var shell = Directory.CreateDirectory(Path.Combine(mysqlsh, "2026-11-24")).FullName;
        await File.WriteAllTextAsync(Path.Combine(shell, "@.json"),
            $$"""{"dumper": "mysqlsh Ver 8.4.3", "version": "2.0.1", "serverVersion": "8.4.3", "binlogFile": "{{binlog}}","""
                + $$""" "binlogPosition": 328, "begin": "{{Stamp(started)}}"}""");
        await File.WriteAllTextAsync(Path.Combine(shell, "shop@orders@@0.tsv.zst"), "data");
        await File.WriteAllTextAsync(Path.Combine(shell, "@.done.json"),
            $$"""{"end": "{{Stamp(started.AddMinutes(4))}}", "dataBytes": 4}""");
        Age(shell, TimeSpan.FromHours(2));

        var config = await TestConfig.WithServerDb(_server, settleTime: "3s")
            .Backup("mydumper", SetKind.Mydumper, mydumper, b => b.Server("db").Timezone("UTC"))
            .Backup("mysqlsh", SetKind.Mysqlsh, mysqlsh, b => b.Server("db").Timezone("UTC"))
            .WriteToAsync(Path.Combine(_root, "exporter.yml"));
        await using var exporter = await ExporterProcess.StartAsync(config);
        var (md, sh) = (("backup", "mydumper"), ("backup", "mysqlsh"));

        var good = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_artifacts", md, ("status", "ok")) == 1
            && s.Value("mysql_backup_artifacts", sh, ("status", "ok")) == 1, "both finished dumps are good");
        Assert.Equal((dumpFinished - dumpStarted).TotalSeconds, good.Value("mysql_backup_last_success_duration_seconds", md));
        Assert.Equal(240, good.Value("mysql_backup_last_success_duration_seconds", sh));
        Assert.Equal(1, good.Value("mysql_backup_pitr_ok", md));
        Assert.Equal(1, good.Value("mysql_backup_pitr_ok", sh));
        Assert.Equal(dumpFinished.ToUnixTimeSeconds(), good.Value("mysql_backup_last_success_timestamp_seconds", md));

        // A new mydumper run: metadata.partial first, table files growing.
        var running = Directory.CreateDirectory(Path.Combine(mydumper, "2026-11-25")).FullName;
        await File.WriteAllTextAsync(Path.Combine(running, "metadata.partial"), $"# Started dump at: {Stamp(DateTime.UtcNow)}\n");
        var table = Path.Combine(running, "shop.orders.00000.sql");
        using (var writer = new CancellationTokenSource())
        {
            var writing = Task.Run(async () =>
            {
                while (!writer.IsCancellationRequested)
                {
                    await File.AppendAllTextAsync(table, "INSERT INTO `orders` VALUES (2,1,9.99,'b');\n");
                    await Task.Delay(300);
                }
            });
            var inProgress = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_running", md) == 1, "the dump being written is "
                + "in progress");
            Assert.Equal(0, inProgress.Value("mysql_backup_artifacts", md, ("status", "failed")));
            await writer.CancelAsync();
            await writing;
        }

        // mydumper died: the directory stops changing without ever getting its metadata file.
        var died = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_artifacts", md, ("status", "failed")) == 1, "the abandoned "
            + "dump fails once settled");
        Assert.Equal(0, died.Value("mysql_backup_running", md));
        Assert.Equal(0, died.Value("mysql_backup_check_ok", md, ("check", "complete")));
        Assert.Contains("only metadata.partial", (await exporter.GetAsync("/api/v1/status")).Body);
    }
}
