using System.Text.RegularExpressions;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Drills.Binlog;

/// <summary>
/// A real server with binary logging, a real <c>mariadb-dump --master-data=2</c> and a real <c>mydumper</c> of its shop, and then twelve
/// more orders (ids 5001–5012) written across three binlog files after the dump: what a replay must bring back.
/// </summary>
public sealed partial class BinlogReplayBackups : IAsyncLifetime
{
    public MariaDbServer Source { get; private set; } = null!;

    public string Root { get; } = Directory.CreateTempSubdirectory("backup-exporter-drill-binlog-").FullName;

    public string Dumps => Path.Combine(Root, "dumps");

    public string Dump => Path.Combine(Dumps, "shop.sql");

    public string MydumperSet => Path.Combine(Root, "mydumper");

    public string MydumperDump => Path.Combine(MydumperSet, "shop-dump");

    public string StartFile { get; private set; } = "";

    public long StartPosition { get; private set; }

    public async Task InitializeAsync()
    {
        Source = await MariaDbServer.StartOwnAsync();
        await Source.SeedShopAsync();
        Directory.CreateDirectory(Dumps);
        await ProcessRunner.ShellAsync($"{MariaDbServer.DumpTool} {Source.ClientArguments} --master-data=2 --single-transaction "
            + $"--databases shop > {ProcessRunner.Quote(Dump)}");
        // mydumper at the same point: its metadata records the same coordinates.
        Directory.CreateDirectory(MydumperSet);
        await ProcessRunner.CheckedAsync("mydumper", "-S", Source.SocketPath, "-u", "root", "-B", "shop", "-o", MydumperDump, "-c");
        var coordinates = Coordinates().Match(await File.ReadAllTextAsync(Dump));
        Assert.True(coordinates.Success, "the dump records no CHANGE MASTER TO line");
        StartFile = coordinates.Groups[1].Value;
        StartPosition = long.Parse(coordinates.Groups[2].Value);

        await Source.ExecuteAsync("USE shop; INSERT INTO shop.orders SELECT seq, 1, 1.00, 'after the dump' FROM "
            + "seq_5001_to_5005; FLUSH BINARY LOGS;");
        await Source.ExecuteAsync("USE shop; INSERT INTO shop.orders SELECT seq, 2, 2.00, 'after the dump' FROM "
            + "seq_5006_to_5010; FLUSH BINARY LOGS;");
        await Source.ExecuteAsync("INSERT INTO shop.orders VALUES (5011, 3, 3.00, 'after the dump'); INSERT INTO shop.orders VALUES (5012, "
            + "3, 3.00, 'after the dump');");
    }

    /// <summary>The binlog file <paramref name="offset"/> files after the dump's.</summary>
    public string BinlogAfterStart(int offset)
    {
        var dot = StartFile.LastIndexOf('.');
        var number = long.Parse(StartFile[(dot + 1)..]) + offset;
        return $"{StartFile[..dot]}.{number.ToString().PadLeft(StartFile.Length - dot - 1, '0')}";
    }

    /// <summary>A server holding the shop as the dump left it: the sandbox a replay writes to.</summary>
    public async Task<MariaDbServer> RestoredTargetAsync(string dump)
    {
        var target = await MariaDbServer.StartOwnAsync();
        await ProcessRunner.ShellAsync($"mariadb --no-defaults {target.ClientArguments} < {ProcessRunner.Quote(dump)}");
        return target;
    }

    public async Task DisposeAsync()
    {
        await Source.DisposeAsync();
        await ProcessRunner.RunAsync("rm", ["-rf", Root]);
    }

    [GeneratedRegex(@"MASTER_LOG_FILE='([^']+)', MASTER_LOG_POS=(\d+)")]
    private static partial Regex Coordinates();
}
