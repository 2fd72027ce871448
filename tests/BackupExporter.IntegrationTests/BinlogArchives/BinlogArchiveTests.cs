using System.Diagnostics;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.BinlogArchives;

/// <summary>
/// A real MariaDB with binary logs, a real archiver (<c>mariadb-binlog --read-from-remote-server --raw --stop-never</c>)
/// filling a directory, a real rclone copy of that directory on a local-path remote, and the exporter watching them:
/// the archive reaches further as rows are written and logs rotate, its copy off-site is seen, a killed archiver is
/// reported stalled, and a deleted or cut file is a gap, said by name.
/// </summary>
public sealed class BinlogArchiveTests : IAsyncLifetime
{
    private static readonly (string, string) Db = ("server", "db");

    private readonly string _root = Directory.CreateTempSubdirectory("backup-exporter-archive-").FullName;
    private MariaDbServer _server = null!;
    private Process? _archiver;

    private string Archive => Path.Combine(_root, "archive");

    private string Remote => Path.Combine(_root, "remote");

    private string RcloneConfig => Path.Combine(_root, "rclone.conf");

    public async Task InitializeAsync()
    {
        _server = await MariaDbServer.StartOwnAsync();
        await _server.SeedShopAsync();
        Directory.CreateDirectory(Archive);
        Directory.CreateDirectory(Remote);
        File.WriteAllText(RcloneConfig, "");
        File.SetUnixFileMode(RcloneConfig, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public async Task DisposeAsync()
    {
        StopArchiver();
        await _server.DisposeAsync();
        await ProcessRunner.RunAsync("rm", ["-rf", _root]);
    }

    [Fact]
    public async Task The_archive_advances_goes_off_site_stalls_when_the_archiver_dies_and_a_missing_or_cut_file_is_a_gap()
    {
        var first = (string)(await _server.ScalarAsync("SHOW BINARY LOGS"))!;
        StartArchiver(first);
        var config = TestConfig.WithServerDb(_server, serverKeys: s => s.Block("binlog_archive", a => a
                .Set("path", Archive).Set("remote", Remote).Set("rclone_config", RcloneConfig)
                .Set("stalled_after", "3s").Set("remote_interval", "1s")))
            .Backup("nightly", SetKind.Mysqldump, Directory.CreateDirectory(Path.Combine(_root, "dumps")).FullName, b => b.Server("db"))
            .WriteTo(Path.Combine(_root, "config.yml"));
        await using var exporter = await ExporterProcess.StartAsync(config);

        var start = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_binlog_archive_files", Db) >= 1
            && s.Value("mysql_backup_binlog_archive_reach_timestamp_seconds", Db) is > 0, "the archive is read");
        Assert.Equal(0, start.Value("mysql_backup_binlog_archive_gap", Db));
        Assert.Equal(0, start.Value("mysql_backup_binlog_archive_stalled", Db));
        Assert.Equal(1, start.Value("mysql_backup_binlog_archive_offsite_up", Db));
        Assert.Equal(0, start.Value("mysql_backup_binlog_archive_offsite_reach_timestamp_seconds", Db)); // nothing copied yet
        var files = start.Value("mysql_backup_binlog_archive_files", Db)!.Value;
        var reach = start.Value("mysql_backup_binlog_archive_reach_timestamp_seconds", Db)!.Value;

        // Rows written and two rotations: the archive has two more files and reaches to the newest change.
        await Task.Delay(1500); // event times are in whole seconds
        var written = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await _server.ExecuteAsync("INSERT INTO shop.customers VALUES (900001, 'new', 'n@example.com'); FLUSH BINARY LOGS;");
        await _server.ExecuteAsync("INSERT INTO shop.customers VALUES (900002, 'new', 'm@example.com'); FLUSH BINARY LOGS;");
        var advanced = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_binlog_archive_files", Db) >= files + 2
            && s.Value("mysql_backup_binlog_archive_reach_timestamp_seconds", Db) >= written, "the archive reaches further");
        Assert.True(advanced.Value("mysql_backup_binlog_archive_reach_timestamp_seconds", Db) > reach);
        Assert.Equal(0, advanced.Value("mysql_backup_binlog_archive_gap", Db));
        var archived = Directory.GetFiles(Archive).Order(StringComparer.Ordinal).ToList();
        var serverFiles = Directory.GetFiles(_server.DataDirectory, "mysql-bin.0*").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(serverFiles, archived.Select(Path.GetFileName)); // the archiver keeps the server's names

        // A real rclone copy of the archive: every closed file is off-site with its size; the off-site reach is the
        // newest closed file's, short of (or at) the archive's own.
        await ProcessRunner.CheckedAsync("rclone", "--config", RcloneConfig, "copy", Archive, Remote);
        var copied = await exporter.ScrapeUntilAsync(
            s => s.Value("mysql_backup_binlog_archive_offsite_reach_timestamp_seconds", Db) >= written, "the off-site copy is seen");
        Assert.True(copied.Value("mysql_backup_binlog_archive_offsite_reach_timestamp_seconds", Db)
            <= copied.Value("mysql_backup_binlog_archive_reach_timestamp_seconds", Db));
        var api = (await exporter.GetAsync("/api/v1/status")).Body;
        Assert.Contains("\"binlog_archive\": {", api);
        Assert.Contains($"\"remote\": \"{Remote}\"", api);

        // The archiver dies; the server goes on writing: after stalled_after the archive is stalled, said with why.
        StopArchiver();
        await _server.ExecuteAsync("INSERT INTO shop.customers VALUES (900003, 'late', 'l@example.com'); FLUSH BINARY LOGS;");
        var stalled = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_binlog_archive_stalled", Db) == 1, "stalled");
        Assert.Equal(0, stalled.Value("mysql_backup_binlog_archive_gap", Db)); // a stop is not a gap
        var page = (await exporter.GetAsync("/")).Body;
        Assert.Contains("STALLED", page);
        Assert.Contains("the binlog archiver has stopped", page);
        Assert.Contains("mysqlbackupbinlogarchivestalled", page);

        // A middle file deleted: a gap, named, and the archive is continuous only from the file after it.
        var middle = archived[1];
        File.Delete(middle);
        await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_binlog_archive_gap", Db) == 1, "a gap");
        api = (await exporter.GetAsync("/api/v1/status")).Body;
        Assert.Contains($"{Path.GetFileName(middle)} is missing", api);
        Assert.Contains($"continuous only from {Path.GetFileName(archived[2])} on", api);

        // A closed file (before the gap) cut in the middle of an event: said as cut short too.
        var cut = archived[0];
        await using (var file = new FileStream(cut, FileMode.Open, FileAccess.Write))
            file.SetLength(file.Length - 10);
        await WaitForAsync(exporter, $"{Path.GetFileName(cut)} is cut short");
    }

    private static async Task WaitForAsync(ExporterProcess exporter, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string body;
        do
        {
            body = (await exporter.GetAsync("/api/v1/status")).Body;
            if (body.Contains(text, StringComparison.Ordinal))
                return;
            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"/api/v1/status never said \"{text}\":\n{body}");
    }

    private void StartArchiver(string firstFile)
    {
        var tool = ProcessRunner.FindExecutable("mariadb-binlog", "mysqlbinlog")
            ?? throw new InvalidOperationException("mariadb-binlog is missing: apt-get install mariadb-client");
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])["--read-from-remote-server", "--raw", "--stop-never", $"--socket={_server.SocketPath}",
                     "--user=root", $"--result-file={Archive}/", firstFile])
            start.ArgumentList.Add(arg);
        _archiver = Process.Start(start)!;
    }

    private void StopArchiver()
    {
        if (_archiver is null)
            return;
        if (!_archiver.HasExited)
        {
            _archiver.Kill();
            _archiver.WaitForExit();
        }
        _archiver.Dispose();
        _archiver = null;
    }
}
