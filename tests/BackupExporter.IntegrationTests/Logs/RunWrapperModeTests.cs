using System.Globalization;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Logs;

/// <summary>
/// The run wrapper under <c>umask 000</c>, as a careless crontab leaves it: the state directory, the set's log and
/// their missing parents are made with explicit modes, owner-only or shared with <c>global.state_group</c>.
/// </summary>
public sealed class RunWrapperModeTests : IAsyncDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("backup-exporter-modes-").FullName;

    private static string Mode(string path) =>
        Convert.ToString((int)File.GetUnixFileMode(path), 8).PadLeft(3, '0');

    private async Task<(string State, string Log)> RunUnderUmask000Async(string name, string? stateGroup)
    {
        var backups = Directory.CreateDirectory(Path.Combine(_root, name, "backups")).FullName;
        var state = Path.Combine(_root, name, "state", "backup-exporter");
        var log = Path.Combine(_root, name, "logs", "mysql", "nightly.log");
        var config = Path.Combine(_root, name, "exporter.yml");
        File.WriteAllText(config, (stateGroup is null ? "" : $"global:\n  state_group: {stateGroup}\n") +
            $"backups:\n  - name: nightly\n    kind: mysqldump\n    path: {backups}\n    log: {log}\n");
        var dump = ProcessRunner.Quote(Path.Combine(backups, "a.sql"));
        var command = $"umask 000; exec dotnet {ProcessRunner.Quote(ExporterProcess.Dll)} run " +
            $"--config.file={ProcessRunner.Quote(config)} --backup=nightly " +
            $"-- sh -c 'echo \"mariadb-dump: Got error: 1045: Access denied\" >&2; echo dump > {dump}'";
        var r = await ProcessRunner.RunAsync("sh", ["-c", command], environment: new Dictionary<string,
            string> { ["STATE_DIRECTORY"] = state });
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        // The umask really was 000: the command's own file is everyone's.
        Assert.Equal("666", Mode(Path.Combine(backups, "a.sql")));
        return (state, log);
    }

    [Fact]
    public async Task Under_umask_000_the_state_directory_and_the_log_are_the_owners_alone()
    {
        var (state, log) = await RunUnderUmask000Async("owner", stateGroup: null);

        Assert.Equal("700", Mode(Path.GetDirectoryName(state)!));
        Assert.Equal("700", Mode(state));
        Assert.Equal("700", Mode(Path.Combine(state, "run")));
        Assert.Equal("600", Mode(Path.Combine(state, "run", "nightly.json")));
        Assert.Equal("700", Mode(Path.GetDirectoryName(Path.GetDirectoryName(log))!));
        Assert.Equal("700", Mode(Path.GetDirectoryName(log)!));
        Assert.Equal("600", Mode(log));
        Assert.Contains("Access denied", File.ReadAllText(log));
    }

    [Fact]
    public async Task Under_umask_000_with_a_state_group_the_group_may_read_and_no_one_else()
    {
        var group = (await ProcessRunner.CheckedAsync("id", "-gn")).Trim();
        var (state, log) = await RunUnderUmask000Async("group", group);

        Assert.Equal("750", Mode(state));
        Assert.Equal("750", Mode(Path.Combine(state, "run")));
        Assert.Equal("640", Mode(Path.Combine(state, "run", "nightly.json")));
        Assert.Equal("750", Mode(Path.GetDirectoryName(log)!));
        Assert.Equal("640", Mode(log));
        var gid = (await ProcessRunner.CheckedAsync("id", "-g")).Trim();
        Assert.Equal(gid, (await ProcessRunner.CheckedAsync("stat", "-c", "%g", log)).Trim());
        Assert.Equal(gid, int.Parse((await ProcessRunner.CheckedAsync("stat", "-c", "%g", state)).Trim(),
            CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync() => await ProcessRunner.RunAsync("rm", ["-rf", _root]);
}
