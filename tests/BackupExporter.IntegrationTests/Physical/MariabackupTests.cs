using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Physical;

/// <summary>
/// <c>kind: mariabackup</c> on backups made by the real mariabackup against a real server: a full backup, two
/// incrementals on top, a prepared copy and a streamed backup; then each broken the way backups break. One exporter
/// watches every variant as its own backup set.
/// </summary>
public sealed class MariabackupTests(MariabackupChain chain) : IClassFixture<MariabackupChain>, IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("backup-exporter-physical-").FullName;
    private readonly MariaDbServer _server = chain.Server;

    private string Good => chain.Directory;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await ProcessRunner.RunAsync("rm", ["-rf", _root]);

    /// <summary>A copy of the good chain to break; logs stay out of the set's directory.</summary>
    private async Task<string> CopyOfGoodAsync(string name)
    {
        var copy = Path.Combine(_root, name);
        await ProcessRunner.ShellAsync($"mkdir -p {copy} && cp -a {Good}/1-full {Good}/2-inc {Good}/3-inc {copy}/");
        return copy;
    }

    /// <summary>A mariabackup set linked to "db", of the backup directories in <paramref name="path"/>.</summary>
    private static ConfigBuilder Set(ConfigBuilder config, string name, string path, Action<BackupEntry>? more = null) =>
        config.Backup(name, SetKind.Mariabackup, path, b =>
        {
            b.Server("db").Pattern("[0-9]*");
            more?.Invoke(b);
        });

    [Fact]
    public async Task A_chain_and_its_breakages_are_judged_from_the_real_tools_output()
    {
        var prepared = Path.Combine(_root, "prepared");
        await ProcessRunner.ShellAsync($"mkdir -p {prepared} && cp -a {Good}/1-full {prepared}/1-full-prepared");
        await PhysicalBackupMaker.PrepareAsync(Path.Combine(prepared, "1-full-prepared"));

        var withoutMiddle = await CopyOfGoodAsync("without-middle");
        Directory.Delete(Path.Combine(withoutMiddle, "2-inc"), recursive: true);
        var withoutFull = await CopyOfGoodAsync("without-full");
        Directory.Delete(Path.Combine(withoutFull, "1-full"), recursive: true);
        var editedLsn = await CopyOfGoodAsync("edited-lsn");
        var checkpoints = Path.Combine(editedLsn, "2-inc", "xtrabackup_checkpoints");
        var text = await File.ReadAllTextAsync(checkpoints);
        await File.WriteAllTextAsync(checkpoints, System.Text.RegularExpressions.Regex.Replace(text, @"from_lsn = (\d+)",
            m => $"from_lsn = {long.Parse(m.Groups[1].Value) + 1}"));
        var truncated = await CopyOfGoodAsync("truncated-checkpoints");
        await File.WriteAllTextAsync(Path.Combine(truncated, "3-inc", "xtrabackup_checkpoints"), "backup_type = incremental\nfrom_");
        var manifest = await CopyOfGoodAsync("manifest");
        await ProcessRunner.ShellAsync($"cd {manifest} && find 1-full -type f -exec sha256sum {{}} + > 1-full.sha256 && cd 3-inc && find . "
            + $"-type f -exec sha256sum {{}} + > SHA256SUMS"
            + " && sed -i '1s/^0/X/; 1s/^[^X]/0/; 1s/^X/1/' SHA256SUMS"); // the first digest's first digit changed
        var manifestBeside = Path.Combine(_root, "manifest-beside");
        await ProcessRunner.ShellAsync($"mkdir -p {manifestBeside} && cp -a {manifest}/1-full {manifest}/1-full.sha256 {manifestBeside}/");

        // The tool's own log of the newest backup: as written it ends with "completed OK!"; cut before that, it fails.
        var goodLog = Path.Combine(chain.Directory + ".logs", "3-inc.log");
        var failedLog = Path.Combine(_root, "3-inc-failed.log");
        var lines = (await File.ReadAllLinesAsync(goodLog)).TakeWhile(l => !l.Contains("completed OK!")).ToList();
        lines.Add("[00] 2026-11-25 02:00:03 Error: failed to write to the target: No space left on device");
        await File.WriteAllLinesAsync(failedLog, lines);
        Assert.Contains("completed OK!", await File.ReadAllTextAsync(goodLog));

        var builder = TestConfig.WithServerDb(_server);
        foreach (var (name, path) in new[] { ("good", Good), ("prepared", prepared), ("without-middle", withoutMiddle),
            ("without-full", withoutFull),
            ("edited-lsn", editedLsn), ("truncated", truncated) })
            Set(builder, name, path);
        Set(builder, "manifest", manifest, b => b.Checksum("auto"));
        Set(builder, "manifest-beside", manifestBeside, b => b.Checksum("sha256"));
        Set(builder, "log-ok", Good, b => b.Log(goodLog));
        Set(builder, "log-failed", Good, b => b.Log(failedLog));
        var config = await builder.WriteToAsync(Path.Combine(_root, "exporter.yml"));
        await using var exporter = await ExporterProcess.StartAsync(config);
        var m = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_artifacts", ("backup", "manifest"),
            ("status", "failed")) >= 1, "every set inspected");
        double? Check(string set, string check) => m.Value("mysql_backup_check_ok", ("backup", set), ("check", check));

        // The good chain: full + two incrementals, all restorable; the newest restorable point is the second incremental.
        Assert.Equal(3, m.Value("mysql_backup_artifacts", ("backup", "good"), ("status", "ok")));
        Assert.Equal(1, Check("good", "chain"));
        Assert.Equal(1, Check("good", "complete"));
        Assert.Equal(1, m.Value("mysql_backup_pitr_ok", ("backup", "good")));
        Assert.NotNull(m.Value("mysql_backup_last_success_duration_seconds", ("backup", "good")));
        var size = m.Value("mysql_backup_last_success_size_bytes", ("backup", "good"))!.Value;
        Assert.Equal(DirectoryBytes(Path.Combine(Good, "3-inc")), size);
        var status = (await exporter.GetAsync("/api/v1/status")).Body;
        Assert.Contains("back to the full backup 1-full", status);

        // A prepared copy is recognised as such.
        Assert.Equal(1, m.Value("mysql_backup_artifacts", ("backup", "prepared"), ("status", "ok")));
        Assert.Contains("\"backup_type\":\"log-applied\"", status.Replace(" ", ""));

        // The middle incremental deleted: the last one has no base.
        Assert.Equal(0, Check("without-middle", "chain"));
        Assert.Equal(1, m.Value("mysql_backup_artifacts", ("backup", "without-middle"), ("status", "ok")));
        Assert.Contains("where this incremental starts: its base is missing", status);
        // The full backup deleted while its incrementals remain: nothing is restorable.
        Assert.Equal(0, Check("without-full", "chain"));
        Assert.Equal(0, m.Value("mysql_backup_artifacts", ("backup", "without-full"), ("status", "ok")));
        Assert.Equal(0, m.Value("mysql_backup_last_success_timestamp_seconds", ("backup", "without-full")));
        // An LSN edited: the link breaks, and so does every backup after it.
        Assert.Equal(0, Check("edited-lsn", "chain"));
        Assert.Equal(1, m.Value("mysql_backup_artifacts", ("backup", "edited-lsn"), ("status", "ok")));
        Assert.Contains("its base 2-inc is not restorable", status);
        // xtrabackup_checkpoints cut off: not complete.
        Assert.Equal(0, Check("truncated", "complete"));
        Assert.Contains("is cut off: it has no to_lsn", status);
        // One wrong hash in the manifest inside the newest backup; the manifest beside the full backup is right.
        Assert.Equal(0, Check("manifest", "checksum"));
        Assert.Contains("sha256 mismatch for", status);
        Assert.Equal(2, m.Value("mysql_backup_artifacts", ("backup", "manifest"), ("status", "ok")));
        Assert.Equal(1, Check("manifest-beside", "checksum"));
        // The backup log as a witness for the newest backup.
        Assert.Equal(1, Check("log-ok", "complete"));
        Assert.Equal(0, Check("log-failed", "complete"));
        Assert.Contains("3-inc-failed.log does not end with", status);
        Assert.Contains("Error: failed to write to the target: No space left on device", status);
        Assert.Matches($@"\d+ files match {System.Text.RegularExpressions.Regex.Escape(Path.Combine(manifestBeside, "1-full.sha256"))}",
            status);
    }

    [Fact]
    public async Task A_backup_killed_mid_run_is_in_progress_while_it_runs_and_failed_after()
    {
        var killed = Directory.CreateDirectory(Path.Combine(_root, "killed")).FullName;
        await ProcessRunner.ShellAsync($"cp -a {Good}/1-full {killed}/1-full");
        var config = await Set(TestConfig.WithServerDb(_server, settleTime: "3s"), "killed", killed)
            .WriteToAsync(Path.Combine(_root, "killed.yml"));
        await using var exporter = await ExporterProcess.StartAsync(config);
        var set = ("backup", "killed");
        await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_artifacts", set, ("status", "ok")) == 1, "the full backup is seen");

        using var backup = PhysicalBackupMaker.StartSlowBackup(_server, Path.Combine(killed, "2-full"));
        var running = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_running", set) == 1, "the running backup is in progress");
        Assert.Equal(0, running.Value("mysql_backup_artifacts", set, ("status", "failed")));
        backup.Kill(entireProcessTree: true);
        await backup.WaitForExitAsync();

        var after = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_artifacts", set, ("status", "failed")) == 1, "the killed "
            + "backup fails once settled");
        Assert.Equal(0, after.Value("mysql_backup_running", set));
        Assert.Equal(0, after.Value("mysql_backup_check_ok", set, ("check", "complete")));
        Assert.Contains("no xtrabackup_checkpoints", (await exporter.GetAsync("/api/v1/status")).Body);
    }

    [Fact]
    public async Task A_streamed_backup_is_judged_from_its_stream()
    {
        var streams = Directory.CreateDirectory(Path.Combine(_root, "streams")).FullName;
        await PhysicalBackupMaker.StreamAsync(_server, Path.Combine(streams, "1-full.xbstream"));
        await ProcessRunner.ShellAsync($"mv {streams}/1-full.xbstream.log {_root}/ && cp {streams}/1-full.xbstream "
            + $"{streams}/2-full.xbstream"
            + $" && truncate -s -5000 {streams}/2-full.xbstream && gzip -c {streams}/1-full.xbstream > {streams}/0-full.xbstream.gz && "
                + $"touch -d '1 hour ago' {streams}/0-full.xbstream.gz");
        var config = await Set(TestConfig.WithServerDb(_server), "streams", streams).WriteToAsync(Path.Combine(_root, "streams.yml"));
        await using var exporter = await ExporterProcess.StartAsync(config);
        var set = ("backup", "streams");
        var m = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_artifacts", set, ("status", "failed")) == 1,
            "the streams are inspected");
        Assert.Equal(2, m.Value("mysql_backup_artifacts", set, ("status", "ok"))); // plain and gzip-compressed
        Assert.Equal(0, m.Value("mysql_backup_check_ok", set, ("check", "complete")));
        Assert.Equal(1, m.Value("mysql_backup_pitr_ok", set));
        Assert.Contains("truncated: the stream ends inside", (await exporter.GetAsync("/api/v1/status")).Body);
    }

    private static long DirectoryBytes(string directory) =>
        new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
}

/// <summary>One server and one good chain for all the tests of the class: full, then two incrementals on top.</summary>
public sealed class MariabackupChain : IAsyncLifetime
{
    public MariaDbServer Server { get; private set; } = null!;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("backup-exporter-chain-").FullName;

    public async Task InitializeAsync()
    {
        Server = await MariaDbServer.StartOwnAsync();
        await Server.SeedShopAsync();
        await PhysicalBackupMaker.BackupAsync(Server, Path.Combine(Directory, "1-full"));
        await PhysicalBackupMaker.AdvanceCheckpointAsync(Server);
        await PhysicalBackupMaker.BackupAsync(Server, Path.Combine(Directory, "2-inc"), basedir: Path.Combine(Directory, "1-full"));
        await PhysicalBackupMaker.AdvanceCheckpointAsync(Server);
        await PhysicalBackupMaker.BackupAsync(Server, Path.Combine(Directory, "3-inc"), basedir: Path.Combine(Directory, "2-inc"));
        // The tool's logs are written beside the backups; keep them out of the set's directory.
        await ProcessRunner.ShellAsync($"mkdir -p {Directory}.logs && mv {Directory}/*.log {Directory}.logs/");
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await ProcessRunner.RunAsync("rm", ["-rf", Directory, Directory + ".logs"]);
    }
}
