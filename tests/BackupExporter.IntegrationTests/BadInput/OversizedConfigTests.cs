using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.BadInput;

/// <summary>
/// Values too large to represent and YAML nested beyond reason, given to every command of the real binary and to a
/// running exporter (SIGHUP, <c>POST /-/reload</c>, <c>--config.watch</c>): a located error each time, never a crash,
/// and <c>run</c> still runs the backup.
/// </summary>
public sealed class OversizedConfigTests : IAsyncDisposable
{
    private const string ReloadOk = "mysql_backup_exporter_config_last_reload_successful";
    private const string Huge = "99999999999999999999TiB";

    private readonly string _root = Directory.CreateTempSubdirectory("backup-exporter-oversized-").FullName;

    private string Backups => Directory.CreateDirectory(Path.Combine(_root, "backups")).FullName;

    private string Good(params string[] sets) =>
        "global:\n  interval: 1s\nbackups:\n"
        + string.Concat(sets.Select(s => $"  - name: {s}\n    kind: mysqldump\n    path: {Backups}\n"));

    /// <summary>
    /// One set with every size at <paramref name="size"/>: min_size, restore_test.max_disk and memory_limit, download_limit.
    /// </summary>
    private string EverySize(string size) => $"""
        backups:
          - name: nightly
            kind: mysqldump
            path: {Backups}
            min_size: {size}
            restore_test:
              max_disk: {size}
              memory_limit: {size}
            offsite:
              - name: vault
                remote: "local:{_root}/remote"
                verify: download
                download_limit: {size}

        """;

    private string Write(string name, string text)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task A_size_too_large_is_a_located_error_for_every_command_and_run_still_runs_the_backup()
    {
        var config = Write("huge.yml", EverySize(Huge));
        string[] located = [$"{config}:5:15: backups[0] \"nightly\": min_size: \"{Huge}\" is too large (at most 8388607TiB)",
            $"{config}:7:17: backups[0] \"nightly\": restore_test: max_disk: \"{Huge}\" is too large",
            $"{config}:8:21: backups[0] \"nightly\": restore_test: memory_limit: \"{Huge}\" is too large",
            $"{config}:13:25: backups[0] \"nightly\": offsite[0] \"vault\": download_limit: \"{Huge}\" is too large"];

        var check = await ExporterProcess.RunCliAsync("check-config", "--config.file=" + config);
        Assert.True(check.ExitCode == 2, check.Stderr);
        foreach (var error in located)
            Assert.Contains(error, check.Stderr);
        Assert.Contains($"{config}: 4 errors", check.Stderr); // each value said once, not again as "too small"
        Assert.DoesNotContain("Exception", check.Stderr + check.Stdout);

        string[][] commands = [["verify", "--config.file=" + config], ["drill", "--backup=nightly", "--config.file=" + config],
            ["--config.file=" + config, "--web.listen-address=127.0.0.1:0"]];
        foreach (var command in commands)
        {
            var r = await ExporterProcess.RunCliAsync(command);
            Assert.True(r.ExitCode is 2 or 3, $"{string.Join(' ', command)}: exit {r.ExitCode}\n{r.Stdout}{r.Stderr}");
            Assert.Contains(located[0], r.Stdout + r.Stderr);
            Assert.DoesNotContain("Exception", r.Stdout + r.Stderr);
        }

        // The backup is not lost to a typo: the command runs, its exit status is the wrapper's, and stderr says why
        // nothing was recorded for the set.
        var marker = Path.Combine(_root, "the-backup-ran");
        var run = await ExporterProcess.RunCliAsync("run", "--config.file=" + config, "--backup=nightly",
            "--status-file=" + Path.Combine(_root, "status.json"),
            "--", "sh", "-c", $"touch {marker}; exit 7");
        Assert.Equal(7, run.ExitCode);
        Assert.True(File.Exists(marker), run.Stderr);
        Assert.Contains($"backup-exporter run: the configuration cannot be used ({located[0]}, and 3 more); the command runs", run.Stderr);
        using var status = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_root, "status.json")));
        Assert.Equal(7, status.RootElement.GetProperty("exit_code").GetInt32());
        Assert.Contains(status.RootElement.GetProperty("problems").EnumerateArray(),
            p => p.GetString()!.StartsWith("the configuration cannot be used", StringComparison.Ordinal));

        // The largest representable sizes are valid.
        var largest = await ExporterProcess.RunCliAsync("check-config", "--config.file=" + Write("largest.yml", EverySize("8388607TiB")));
        Assert.True(largest.ExitCode == 0, largest.Stderr);
    }

    [Fact]
    public async Task Deep_nesting_is_a_located_error_not_a_stack_overflow()
    {
        var config = Write("deep.yml", "backups: " + new string('[', 100_000));
        var check = await ExporterProcess.RunCliAsync("check-config", "--config.file=" + config);
        Assert.True(check.ExitCode == 2, $"exit {check.ExitCode}: {check.Stderr[..Math.Min(2000, check.Stderr.Length)]}");
        Assert.Contains($"{config}:1:73: nested more than 64 levels deep", check.Stderr);

        var web = Write("web.yml", "basic_auth_users:\n  " + string.Concat(Enumerable.Repeat("- ", 50_000)) + "x\n");
        var serve = await ExporterProcess.RunCliAsync("--config.file=" + Write("good.yml", Good("a")), "--web.config.file=" + web,
            "--web.listen-address=127.0.0.1:0");
        Assert.True(serve.ExitCode == 2, $"exit {serve.ExitCode}: {serve.Stderr[..Math.Min(2000, serve.Stderr.Length)]}");
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(web)}:2:\d+: nested more than 64 levels deep", serve.Stderr);
    }

    [Fact]
    public async Task A_running_exporter_keeps_its_configuration_through_sighup_reload_and_watch_of_bad_files()
    {
        var config = Write("exporter.yml", Good("a"));
        await using var exporter = await ExporterProcess.StartAsync(config, null, "--web.enable-lifecycle", "--config.watch=1s");
        await exporter.ScrapeUntilAsync(m => m.Value("mysql_backup_info", ("backup", "a")) == 1, "set a is exported");

        var bad = new (string What, string Text, string Error)[]
        {
            ("a size too large", Good("a", "b") + $"    min_size: {Huge}\n", $"min_size: \"{Huge}\" is too large"),
            ("a duration too long for a timer", Good("a", "b") + "    interval: 60d\n",
                "interval: \"60d\" is too long for an interval or a timeout"),
            ("100,000 nested brackets", "backups: " + new string('[', 100_000), "nested more than 64 levels deep"),
        };
        foreach (var (what, text, error) in bad)
        {
            // The watch loop sees it first or SIGHUP does: either way it is refused and the exporter lives on.
            File.WriteAllText(config, text);
            exporter.SendSignal("HUP");
            var refused = await exporter.ScrapeUntilAsync(m => m.Value(ReloadOk) == 0, $"{what} is refused");
            Assert.Equal(1, refused.Value("mysql_backup_info", ("backup", "a")));
            Assert.Null(refused.Value("mysql_backup_info", ("backup", "b")));
            var reload = await exporter.PostAsync("/-/reload");
            Assert.Equal(500, reload.Status);
            Assert.StartsWith("Reload failed, the previous configuration stays in force:\n" + config + ":", reload.Body);
            Assert.Contains(error, reload.Body);
            await exporter.OutputUntilAsync(error.Replace("\"", "\\\"", StringComparison.Ordinal));

            // The watch loop goes on watching: the next edit, a good one, is in force without a signal.
            File.WriteAllText(config, Good("a", "c"));
            await exporter.ScrapeUntilAsync(m => m.Value(ReloadOk) == 1 && m.Value("mysql_backup_info", ("backup", "c")) == 1,
                $"the good file after {what} is reloaded by the watch loop");
            File.WriteAllText(config, Good("a"));
            await exporter.ScrapeUntilAsync(m => m.Value("mysql_backup_info", ("backup", "c")) is null,
                $"set c is gone again after {what}");
        }
        Assert.DoesNotContain("Unhandled exception", exporter.Output);
        Assert.DoesNotContain("Stack overflow", exporter.Output);
    }

    public async ValueTask DisposeAsync() => await ProcessRunner.RunAsync("rm", ["-rf", _root]);
}
