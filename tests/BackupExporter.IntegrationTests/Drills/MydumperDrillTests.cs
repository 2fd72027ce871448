using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Drills;

/// <summary>Drills of real mydumper 0.10 output, restored with the real myloader, and the trap of a data file cut mid-INSERT.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class MydumperDrillTests(SharedMariaDb shared) : IDisposable
{
    private readonly DrillScene _scene = new();

    public void Dispose() => _scene.Dispose();

    private async Task<string> MydumperAsync(string set, string name)
    {
        var output = Path.Combine(_scene.BackupDirectory(set), name);
        await ProcessRunner.CheckedAsync("mydumper", "-S", shared.Server.SocketPath, "-u", "root", "-B", "shop", "-o", output, "-c");
        return output;
    }

    [Fact]
    public async Task A_real_mydumper_backup_restores_with_myloader()
    {
        _scene.Configure(("shop", SetKind.Mydumper,
            r => r.Item("checks", c => c.Set("sql", "SELECT COUNT(*) FROM shop.orders").Set("min", 5000).Set("max", 5000))));
        await MydumperAsync("shop", "2026-11-30");

        var r = await _scene.DrillAsync("shop", "nagios");

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Matches(@"^DRILL OK - shop: 2 tables, 7000 rows restored \| 'fetch'=[\d.]+s;;;0 'restore'=[\d.]+s;;;0 'verify'=[\d.]+s;;;0 "
            + @"'total'=[\d.]+s;;;0 'tables'=2;;;0 'rows'=7000;;;0\n$", r.Stdout);
        Assert.Empty(_scene.LeftInScratch());
    }

    [Fact]
    public async Task A_data_file_cut_mid_insert_fails_although_myloader_exits_0()
    {
        _scene.Configure(("shop", SetKind.Mydumper, null));
        var dump = await MydumperAsync("shop", "2026-11-30");
        var data = Path.Combine(dump, "shop.orders.sql.gz");
        Assert.True(File.Exists(data), "mydumper 0.10 names its data files db.table.sql.gz");
        // Decompress, cut in the middle of the INSERT, compress again: a whole gzip stream of an unfinished statement.
        var sql = await ProcessRunner.CheckedAsync("bash", "-c", $"gzip -dc {ProcessRunner.Quote(data)}");
        Assert.True(sql.Length > 20000 && sql.TrimEnd().EndsWith(';'), "the data file is one long INSERT");
        File.WriteAllText(data + ".cut", sql[..20000]);
        await ProcessRunner.CheckedAsync("gzip", "-f", data + ".cut");
        File.Move(data + ".cut.gz", data, overwrite: true);

        var r = await _scene.DrillAsync("shop");

        Assert.True(r.ExitCode == 2, r.Stdout + r.Stderr);
        Assert.Contains("shop.orders.sql.gz: the data file ends inside a statement (cut off); myloader loads nothing from it and "
            + "still exits 0", r.Stdout);
        Assert.Empty(_scene.ProcessesInScratch());
    }
}
