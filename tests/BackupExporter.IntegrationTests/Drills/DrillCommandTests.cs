using System.Text.Json;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Drills;

/// <summary>The <c>drill</c> command's exit codes and outputs for what stops a drill from starting, and its JSON.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class DrillCommandTests(SharedMariaDb shared) : IDisposable
{
    private readonly DrillScene _scene = new();

    public void Dispose() => _scene.Dispose();

    [Fact]
    public async Task Json_output_is_the_recorded_drill()
    {
        _scene.Configure(("shop", SetKind.Mysqldump, null));
        await DumpMaker.DumpAsync(shared.Server, Path.Combine(_scene.BackupDirectory("shop"), "shop.sql.gz"));

        var r = await _scene.DrillAsync("shop", "json");

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        var json = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal("Ok", json.GetProperty("verdict").GetString());
        Assert.Equal(7000, json.GetProperty("schemas")[0].GetProperty("rows").GetInt64());
        Assert.Equal(json.GetProperty("started_at").GetString(), _scene.HistoryOf("shop").GetProperty("newest")
            .GetProperty("started_at").GetString());
    }

    [Fact]
    public async Task A_second_drill_on_the_host_is_not_started()
    {
        _scene.Configure(("shop", SetKind.Mysqldump, null));
        await DumpMaker.DumpAsync(shared.Server, Path.Combine(_scene.BackupDirectory("shop"), "shop.sql.gz"));
        Directory.CreateDirectory(_scene.Scratch);
        using var held = new FileStream(Path.Combine(_scene.Scratch, "drill.lock"), FileMode.OpenOrCreate,
            FileAccess.ReadWrite, FileShare.None);

        var r = await _scene.DrillAsync("shop");

        Assert.True(r.ExitCode == 3, r.Stdout + r.Stderr);
        Assert.StartsWith($"shop: UNKNOWN - drill not started: another restore drill is running on this host (it "
            + $"holds {_scene.Scratch}/drill.lock", r.Stdout);
        Assert.False(File.Exists(Path.Combine(_scene.History, "shop.json")), "a drill not started is not recorded");
    }

    [Fact]
    public async Task A_drill_is_not_started_while_the_sets_backup_runs()
    {
        var status = Path.Combine(_scene.Root, "run.json");
        _scene.Configure(b => b.RunStatus(status), ("shop", SetKind.Mysqldump, null));
        await DumpMaker.DumpAsync(shared.Server, Path.Combine(_scene.BackupDirectory("shop"), "shop.sql.gz"));
        // What `backup-exporter run` writes when a backup starts; the wrapper is this live process.
        File.WriteAllText(status, $$"""
            {"version": 1, "backup": "shop", "host": "{{Environment.MachineName}}", "wrapper_pid": {{Environment.ProcessId}},
             "command": ["mariadb-dump"], "outcome": "running", "started_at": "{{DateTimeOffset.UtcNow:O}}", "ended_at": null,
             "duration_seconds": null, "exit_code": null, "signal": null, "timed_out": false, "interrupted_by": null,
             "error_lines": {}, "last_error_lines": [], "attempts": [], "artifact": null, "checksum": null, "log": null, "problems": []}
            """);

        var r = await _scene.DrillAsync("shop");

        Assert.True(r.ExitCode == 3, r.Stdout + r.Stderr);
        Assert.StartsWith($"shop: UNKNOWN - drill not started: the set's backup is running (run status {status}", r.Stdout);
    }

    [Fact]
    public async Task A_mysqlsh_dump_without_mysqlsh_installed_is_unsupported()
    {
        Assert.Null(ProcessRunner.FindExecutable("mysqlsh")); // this case is about a host without MySQL Shell
        _scene.Configure(("dumps", SetKind.Mysqlsh, null));

        var r = await _scene.DrillAsync("dumps");

        Assert.True(r.ExitCode == 3, r.Stdout + r.Stderr);
        Assert.StartsWith("dumps: UNKNOWN (unsupported) - mysqlsh (MySQL Shell) is not installed on this host: a mysqlsh dump is restored "
            + "with its util.loadDump\n", r.Stdout);
        Assert.Equal("Unsupported", _scene.HistoryOf("dumps").GetProperty("newest").GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Usage_and_configuration_errors_exit_3()
    {
        _scene.Configure(("shop", SetKind.Mysqldump, null));
        var unknown = await _scene.DrillAsync("nope");
        Assert.Equal(3, unknown.ExitCode);
        Assert.Equal($"{_scene.ConfigFile}: no backup set named \"nope\"; configured: shop\n", unknown.Stderr);

        File.AppendAllText(_scene.ConfigFile, "      timout: 1h\n");
        var invalid = await _scene.DrillAsync("shop", "nagios");
        Assert.Equal(3, invalid.ExitCode);
        Assert.StartsWith($"DRILL UNKNOWN - invalid configuration {_scene.ConfigFile}: {_scene.ConfigFile}:", invalid.Stdout);
        Assert.Contains("unknown key \"timout\" in backups[0] \"shop\": restore_test; did you mean \"timeout\"?", invalid.Stderr);

        var noBackup = await ExporterProcess.RunCliAsync("drill", $"--config.file={_scene.ConfigFile}");
        Assert.Equal(3, noBackup.ExitCode);
        Assert.Equal("drill needs --backup=NAME: the one backup set whose newest good artifact is restored\n", noBackup.Stderr);
    }
}
