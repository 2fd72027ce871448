using System.Globalization;
using System.Text.RegularExpressions;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Server;

/// <summary>
/// A real MariaDB frozen with <c>kill -STOP</c>: it accepts connections and never answers, like a server stuck on a
/// hung disk. The exporter must call it down, say why, drop what depended on it, and not pile up sessions.
/// </summary>
public sealed partial class HungServerTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("backup-exporter-hung-").FullName;
    private MariaDbServer _server = null!;
    private bool _stopped;

    public async Task InitializeAsync()
    {
        _server = await MariaDbServer.StartOwnAsync();
        await _server.SeedShopAsync();
    }

    public async Task DisposeAsync()
    {
        if (_stopped)
            await ProcessRunner.RunAsync("kill", ["-CONT", _server.ProcessId.ToString(CultureInfo.InvariantCulture)]);
        await _server.DisposeAsync();
        await ProcessRunner.RunAsync("rm", ["-rf", _root]);
    }

    [Fact]
    public async Task A_frozen_server_is_down_timed_out_its_pitr_is_not_ok_and_nothing_piles_up_until_it_thaws()
    {
        var config = await TestConfig.WriteNightlyWithServerDbAsync(_server, Path.Combine(_root, "config.yml"),
            Path.Combine(_root, "dumps"),
            "shop.sql.gz", TimeSpan.FromHours(1), serverKeys: s => s.Set("timeout", "2s"));
        await using var exporter = await ExporterProcess.StartAsync(config);
        var db = ("server", "db");
        var nightly = ("backup", "nightly");
        await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_server_up", db) == 1
            && s.Value("mysql_backup_pitr_ok", nightly) == 1, "up and covered");

        await ProcessRunner.CheckedAsync("kill", "-STOP", _server.ProcessId.ToString(CultureInfo.InvariantCulture));
        _stopped = true;
        var down = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_server_up", db) == 0, "down while frozen");
        Assert.Equal(0, down.Value("mysql_backup_pitr_ok", nightly));
        Assert.Null(down.Value("mysql_backup_binlog_files", db)); // unknown, not the last count
        Assert.Null(down.Value("mysql_backup_binlog_enabled", db));
        Assert.Equal(0, down.Value("mysql_backup_exporter_inspection_success", ("inspection", "server:db")));
        Assert.Contains("timed out after 2s", (await exporter.GetAsync("/")).Body);
        var api = (await exporter.GetAsync("/api/v1/status")).Body;
        Assert.Contains("timed out after 2s", api);
        Assert.Contains("server db is not reachable", api); // the PITR verdict says why it is unknown

        // Round after round times out; each round's session is closed, none is left open beside the next: the
        // exporter's sockets stay flat over six rounds (a leak would add one per round).
        var sockets = Sockets(exporter.ProcessId);
        var seen = TimedOutRounds(exporter.Output);
        await WaitUntilAsync(() => TimedOutRounds(exporter.Output) >= seen + 6, "six more rounds time out", TimeSpan.FromSeconds(120));
        Assert.InRange(Sockets(exporter.ProcessId), 0, sockets + 2);
        var stuck = (await exporter.ScrapeAsync()).Value("mysql_backup_exporter_inspections_stuck");
        Assert.InRange(stuck!.Value, 0, 1); // at most the one run of server:db, never one per round

        await ProcessRunner.CheckedAsync("kill", "-CONT", _server.ProcessId.ToString(CultureInfo.InvariantCulture));
        _stopped = false;
        await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_server_up", db) == 1 && s.Value("mysql_backup_pitr_ok", nightly) == 1
            && s.Value("mysql_backup_exporter_inspections_stuck") == 0, "up and covered again after the thaw", seconds: 60);
    }

    private static int TimedOutRounds(string output) => TimedOut().Count(output);

    [GeneratedRegex(@"inspection server:db failed: timed out after 2s")]
    private static partial Regex TimedOut();

    /// <summary>The process's open sockets: the listening one, scrapes, and the sessions to the server.</summary>
    private static int Sockets(int pid) =>
        Directory.GetFileSystemEntries($"/proc/{pid}/fd").Count(fd => new FileInfo(fd).LinkTarget?.StartsWith("socket:",
            StringComparison.Ordinal) == true);

    private static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"not within {limit.TotalSeconds}s: {what}");
            await Task.Delay(100);
        }
    }
}
