using System.Net.Sockets;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.BadInput;

/// <summary>What a user can get wrong, and what a backup directory can hold: a clear message, never a crash or a hang.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class BadInputTests : BackupDirectoryTest
{
    public BadInputTests(SharedMariaDb db)
        : base(db)
    {
    }

    [Fact]
    public async Task An_invalid_configuration_is_reported_with_file_line_and_column_by_every_command()
    {
        var config = Path.Combine(Root, "bad.yml");
        await File.WriteAllTextAsync(config, "backups:\n  - name: a\n    kind: mysqldump\n    path: /x\n    shedule: \"0 2 * "
            + "* *\"\n    grace: 2x\n");

        var check = await ExporterProcess.RunCliAsync("check-config", "--config.file=" + config);
        Assert.Equal(2, check.ExitCode);
        Assert.Contains($"{config}:5:5: unknown key \"shedule\" in backups[0] \"a\"; did you mean \"schedule\"?", check.Stderr);
        Assert.Contains($"{config}:6:12: ", check.Stderr);

        var serve = await ExporterProcess.RunCliAsync("--config.file=" + config, "--web.listen-address=127.0.0.1:0");
        Assert.Equal(2, serve.ExitCode);
        Assert.Contains($"{config}:5:5:", serve.Stderr);

        var verify = await ExporterProcess.RunCliAsync("verify", "--config.file=" + config, "--output=nagios");
        Assert.Equal(3, verify.ExitCode);
        Assert.StartsWith("BACKUP UNKNOWN - invalid configuration", verify.Stdout);

        await File.WriteAllTextAsync(config, "backups: [ {name: a, kind: mysqldump\n");
        var yaml = await ExporterProcess.RunCliAsync("check-config", "--config.file=" + config);
        Assert.Equal(2, yaml.ExitCode);
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(config)}:\d+:\d+: ", yaml.Stderr);

        var missing = await ExporterProcess.RunCliAsync("check-config", "--config.file=" + Path.Combine(Root, "nope.yml"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nope.yml", missing.Stderr);
    }

    [Fact]
    public async Task Command_line_mistakes_are_named()
    {
        var flag = await ExporterProcess.RunCliAsync("--web.listen-adress=:1");
        Assert.Equal(2, flag.ExitCode);
        Assert.Contains("unknown flag --web.listen-adress", flag.Stderr);

        var help = await ExporterProcess.RunCliAsync("verify", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--output", help.Stdout);

        var version = await ExporterProcess.RunCliAsync("--version");
        Assert.Equal(0, version.ExitCode);
        Assert.StartsWith("backup-exporter ", version.Stdout);
    }

    [Fact]
    public async Task Strange_entries_in_a_backup_directory_are_reported_on_their_artifact_and_never_block()
    {
        var odd = Dir("odd");
        await DumpMaker.DumpAsync(Server, Path.Combine(odd, "a-good.sql.gz"), modified: DateTimeOffset.UtcNow.AddHours(-3));
        await ProcessRunner.CheckedAsync("mkfifo", Path.Combine(odd, "b-fifo.sql.gz"));
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
            socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(odd, "c-socket.sql.gz")));
        File.CreateSymbolicLink(Path.Combine(odd, "d-loop.sql.gz"), Path.Combine(odd, "e-loop.sql.gz"));
        File.CreateSymbolicLink(Path.Combine(odd, "e-loop.sql.gz"), Path.Combine(odd, "d-loop.sql.gz"));
        await ProcessRunner.ShellAsync($"cp '{odd}/a-good.sql.gz' \"{odd}/f-\"$'\\xff\\xfe'.sql.gz");
        foreach (var name in new[] { "b-fifo.sql.gz", "c-socket.sql.gz" })
            await ProcessRunner.CheckedAsync("touch", "-d", "2 hours ago", Path.Combine(odd, name));
        await ProcessRunner.ShellAsync($"touch -h -d '2 hours ago' '{odd}'/*");

        var config = TestConfig.Write(Path.Combine(Root, "odd.yml"), [("odd", odd, null)]);
        await using var exporter = await ExporterProcess.StartAsync(config);
        var m = await exporter.ScrapeAsync();

        Assert.Equal(1, m.Value("mysql_backup_exporter_inspection_success", ("inspection", "backup:odd")));
        Assert.Equal(1, m.Value("mysql_backup_artifacts", ("backup", "odd"), ("status", "ok")));
        Assert.Equal(5, m.Value("mysql_backup_artifacts", ("backup", "odd"), ("status", "failed")));
        var status = (await exporter.GetAsync("/api/v1/status")).Body;
        Assert.Contains("the file name is not valid UTF-8 and cannot be opened; rename it", status);
        Assert.Contains("\"name\": \"b-fifo.sql.gz\"", status);
        Assert.Contains($"{Path.Combine(odd, "b-fifo.sql.gz")} is not a regular file (a FIFO, "
            + $"a socket or a device)", status); // never opened
        Assert.Contains("Too many levels of symbolic links", status);
    }

    [Fact]
    public async Task A_missing_directory_is_a_metric_and_the_exporter_keeps_serving()
    {
        var good = Dir("present");
        await DumpMaker.DumpAsync(Server, Path.Combine(good, "a.sql.gz"), modified: DateTimeOffset.UtcNow.AddHours(-3));
        var config = TestConfig.Write(Path.Combine(Root, "missing.yml"), [("gone", Path.Combine(Root, "never-created"), null),
            ("present", good, null)]);

        await using var exporter = await ExporterProcess.StartAsync(config);
        var m = await exporter.ScrapeAsync();

        Assert.Equal(0, m.Value("mysql_backup_path_ok", ("backup", "gone")));
        Assert.Equal(1, m.Value("mysql_backup_path_ok", ("backup", "present")));
        Assert.Equal(1, m.Value("mysql_backup_check_ok", ("backup", "present"), ("check", "complete")));
        Assert.Equal(0, m.Value("mysql_backup_last_success_timestamp_seconds", ("backup", "gone")));

        // The directory appears: the next round sees it, without a restart.
        Directory.CreateDirectory(Path.Combine(Root, "never-created"));
        await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_path_ok", ("backup", "gone")) == 1, "the new directory is seen");
    }

    [Fact]
    public async Task Unreadable_files_and_directories_are_reported_as_permission_denied()
    {
        Assert.True(ProcessRunner.IsRoot || Environment.UserName != "nobody", "run the tests as root (CI does) or as a "
            + "user other than nobody");
        var sets = Dir("perm");
        var readable = Directory.CreateDirectory(Path.Combine(sets, "readable")).FullName;
        var closed = Directory.CreateDirectory(Path.Combine(sets, "closed")).FullName;
        await DumpMaker.DumpAsync(Server, Path.Combine(readable, "a-ok.sql.gz"), modified: DateTimeOffset.UtcNow.AddHours(-3));
        await DumpMaker.DumpAsync(Server, Path.Combine(readable, "b-secret.sql.gz"), modified: DateTimeOffset.UtcNow.AddHours(-2));
        File.SetUnixFileMode(Path.Combine(readable, "b-secret.sql.gz"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(closed, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var dir in new[] { Root, sets, readable })
            File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        foreach (var file in Directory.GetFiles(readable).Where(f => !f.Contains("secret", StringComparison.Ordinal)))
            File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100);
        var config = TestConfig.Write(Path.Combine(Root, "perm.yml"), [("readable", readable, null), ("closed", closed, null)]);
        File.SetUnixFileMode(config, (UnixFileMode)0b110_100_100);

        // As root nothing is ever denied, so the exporter runs as an unprivileged user here, as in production.
        await using var exporter = await ExporterProcess.StartAsync(config, runAsUser: ProcessRunner.IsRoot ? "nobody" : null);
        var m = await exporter.ScrapeAsync();

        Assert.Equal(0, m.Value("mysql_backup_path_ok", ("backup", "closed")));
        Assert.Equal(1, m.Value("mysql_backup_artifacts", ("backup", "readable"), ("status", "failed")));
        Assert.Equal(0, m.Value("mysql_backup_check_ok", ("backup", "readable"), ("check", "complete")));
        var status = (await exporter.GetAsync("/api/v1/status")).Body;
        Assert.Contains($"cannot read {Path.Combine(readable, "b-secret.sql.gz")}: permission denied", status);
        Assert.Contains($"cannot list directory {closed}: permission denied", status);
    }
}
