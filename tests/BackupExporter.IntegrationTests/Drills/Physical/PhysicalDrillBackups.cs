using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Drills.Physical;

/// <summary>
/// Real mariabackup backups of a real server, each step marked by a row of <c>shop.marks</c>: a directory chain
/// (<c>1-full</c>, <c>2-inc</c>, <c>3-inc</c>: marks 1–3) and a streamed chain (<c>1-full.xbstream</c> plain,
/// <c>2-inc.xbstream.zst</c> on top of it through <c>--extra-lsndir</c>: marks 1–5). Logs stay outside the sets.
/// </summary>
public sealed class PhysicalDrillBackups : IAsyncLifetime
{
    public MariaDbServer Server { get; private set; } = null!;

    public string Root { get; } = System.IO.Directory.CreateTempSubdirectory("backup-exporter-drill-physical-").FullName;

    public string Chain => Path.Combine(Root, "chain");

    public string Streams => Path.Combine(Root, "streams");

    private string Logs => Path.Combine(Root, "logs");

    public async Task InitializeAsync()
    {
        Server = await MariaDbServer.StartOwnAsync();
        await Server.SeedShopAsync();
        await Server.ExecuteAsync("CREATE TABLE shop.marks (id INT PRIMARY KEY, stage VARCHAR(20)) ENGINE=InnoDB");
        foreach (var dir in new[] { Chain, Streams, Logs })
            System.IO.Directory.CreateDirectory(dir);

        await MarkAsync(1, "full");
        await Backup("1-full");
        await MarkAsync(2, "inc1");
        await Backup("2-inc", "1-full");
        await MarkAsync(3, "inc2");
        await Backup("3-inc", "2-inc");

        var lsn = Path.Combine(Root, "lsn-full");
        await MarkAsync(4, "stream-full");
        await Stream($"--extra-lsndir={ProcessRunner.Quote(lsn)}", "", "1-full.xbstream");
        await MarkAsync(5, "stream-inc");
        await Stream($"--incremental-basedir={ProcessRunner.Quote(lsn)}", " | zstd -q -c", "2-inc.xbstream.zst");
    }

    private async Task MarkAsync(int id, string stage)
    {
        await Server.ExecuteAsync($"INSERT INTO shop.marks VALUES ({id}, '{stage}')");
        await PhysicalBackupMaker.AdvanceCheckpointAsync(Server); // each backup ends at its own LSN
    }

    private async Task Backup(string name, string? basedir = null)
    {
        var incremental = basedir is null ? "" : $" --incremental-basedir={ProcessRunner.Quote(Path.Combine(Chain, basedir))}";
        await ProcessRunner.ShellAsync($"{PhysicalBackupMaker.Tool} --backup --target-dir="
            + $"{ProcessRunner.Quote(Path.Combine(Chain, name))}{incremental}"
            + $" --socket={ProcessRunner.Quote(Server.SocketPath)} --user=root "
                + $"> {ProcessRunner.Quote(Path.Combine(Logs, name + ".log"))} 2>&1");
    }

    private async Task Stream(string options, string compress, string name)
    {
        await ProcessRunner.ShellAsync($"{PhysicalBackupMaker.Tool} --backup --stream=xbstream {options} --socket="
            + $"{ProcessRunner.Quote(Server.SocketPath)} --user=root"
            + $" 2> {ProcessRunner.Quote(Path.Combine(Logs, name + ".log"))}{compress} "
                + $"> {ProcessRunner.Quote(Path.Combine(Streams, name))}");
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await ProcessRunner.RunAsync("rm", ["-rf", Root]);
    }
}
