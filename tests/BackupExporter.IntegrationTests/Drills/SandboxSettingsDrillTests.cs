using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Drills;

/// <summary>
/// The sandbox a real drill restores into runs the settings of docs/runbooks.md's restore and no faster ones, read
/// from the running sandbox itself through the drill's own <c>checks</c>: doublewrite on, the redo log flushed at
/// least once a second (not the 0 of an unsafe load), the largest packet, no binlog.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class SandboxSettingsDrillTests(SharedMariaDb shared) : IDisposable
{
    private readonly DrillScene _scene = new();

    public void Dispose() => _scene.Dispose();

    [Fact]
    public async Task The_sandbox_runs_the_runbooks_restore_settings()
    {
        _scene.Configure(("shop", SetKind.Mysqldump, r => r
            .Item("checks", c => c.Set("sql", "SELECT @@GLOBAL.innodb_doublewrite").Set("min", 1).Set("max", 1))
            .Item("checks", c => c.Set("sql", "SELECT @@GLOBAL.innodb_flush_log_at_trx_commit").Set("min", 1).Set("max", 2))
            .Item("checks", c => c.Set("sql", "SELECT @@GLOBAL.max_allowed_packet").Set("min", 1L << 30).Set("max", 1L << 30))
            .Item("checks", c => c.Set("sql", "SELECT @@GLOBAL.log_bin").Set("min", 0).Set("max", 0))));
        await DumpMaker.DumpAsync(shared.Server, Path.Combine(_scene.BackupDirectory("shop"), "shop.sql.gz"));

        var r = await _scene.DrillAsync("shop");

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("  check ok: SELECT @@GLOBAL.innodb_doublewrite = 1\n", r.Stdout);
        Assert.Contains("  check ok: SELECT @@GLOBAL.innodb_flush_log_at_trx_commit = 2\n", r.Stdout);
        Assert.Contains("  check ok: SELECT @@GLOBAL.max_allowed_packet = 1073741824\n", r.Stdout);
    }
}
