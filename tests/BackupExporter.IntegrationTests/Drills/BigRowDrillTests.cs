using System.Globalization;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Drills;

/// <summary>
/// Big rows through the real tools: a 25 MiB LONGBLOB of random bytes, dumped by the real mariadb-dump (and mydumper),
/// drilled by the real <c>drill</c> command into a real sandbox; and a row whose statement no server accepts.
/// The source is a server of the test's own, which allows 1 GiB packets as the backed-up server must.
/// </summary>
public sealed class BigRowDrillTests : IAsyncLifetime, IDisposable
{
    private const int BlobBytes = 25 << 20;

    private readonly DrillScene _scene = new();
    private MariaDbServer _source = null!;

    public async Task InitializeAsync() =>
        _source = await MariaDbServer.StartOwnAsync("--max-allowed-packet=1G", "--innodb-log-file-size=512M");

    public async Task DisposeAsync() => await _source.DisposeAsync();

    public void Dispose() => _scene.Dispose();

    /// <summary>big.blobs: two small rows and one of 25 MiB from /dev/urandom; returns the big row's CRC32.</summary>
    private async Task<long> SeedBlobsAsync()
    {
        var file = Path.Combine(_scene.Root, "random.bin");
        var bytes = new byte[BlobBytes];
        Random.Shared.NextBytes(bytes);
        await File.WriteAllBytesAsync(file, bytes);
        await _source.ExecuteAsync("CREATE DATABASE big; CREATE TABLE big.blobs (id INT PRIMARY KEY, b LONGBLOB) ENGINE=InnoDB; "
            + $"INSERT INTO big.blobs VALUES (1, 'small'), (2, LOAD_FILE('{file}')), (3, 'small too')");
        File.Delete(file);
        Assert.Equal(BlobBytes, Convert.ToInt64(await _source.ScalarAsync("SELECT LENGTH(b) FROM big.blobs WHERE id = 2"),
            CultureInfo.InvariantCulture));
        return Convert.ToInt64(await _source.ScalarAsync("SELECT CRC32(b) FROM big.blobs WHERE id = 2"), CultureInfo.InvariantCulture);
    }

    private void Configure(SetKind kind, long crc) =>
        _scene.Configure(("big", kind, r => r
            .Item("checks", c => c.Set("sql", "SELECT COUNT(*) FROM big.blobs").Set("min", 3).Set("max", 3))
            .Item("checks", c => c.Set("sql", "SELECT CRC32(b) FROM big.blobs WHERE id = 2").Set("min", crc).Set("max", crc))
            .Item("checks", c => c.Set("sql", "SELECT LENGTH(b) FROM big.blobs WHERE id = 2")
                .Set("min", BlobBytes).Set("max", BlobBytes))));

    [Fact]
    public async Task A_dump_with_a_25_MiB_row_restores_with_its_rows_and_checksum()
    {
        var crc = await SeedBlobsAsync();
        Configure(SetKind.Mysqldump, crc);
        await DumpMaker.DumpAsync(_source, Path.Combine(_scene.BackupDirectory("big"), "big.sql.gz"), DumpCompression.Gzip,
            sha256Sidecar: true, "--single-transaction", "--max-allowed-packet=1G", "--databases", "big");

        var r = await _scene.DrillAsync("big");

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.StartsWith("big: OK\n", r.Stdout);
        Assert.Contains("    big: 1 tables, 3 rows\n", r.Stdout);
        Assert.Contains($"  check ok: SELECT CRC32(b) FROM big.blobs WHERE id = 2 = {crc}\n", r.Stdout);
        Assert.Contains($"  check ok: SELECT LENGTH(b) FROM big.blobs WHERE id = 2 = {BlobBytes}\n", r.Stdout);
        Assert.Empty(_scene.LeftInScratch());
    }

    [Fact]
    public async Task A_mydumper_backup_with_a_25_MiB_row_restores_with_myloader()
    {
        var crc = await SeedBlobsAsync();
        Configure(SetKind.Mydumper, crc);
        await ProcessRunner.CheckedAsync("mydumper", "-S", _source.SocketPath, "-u", "root", "-B", "big", "-o",
            Path.Combine(_scene.BackupDirectory("big"), "2026-12-07"), "-c");

        var r = await _scene.DrillAsync("big");

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("    big: 1 tables, 3 rows\n", r.Stdout);
        Assert.Contains($"  check ok: SELECT CRC32(b) FROM big.blobs WHERE id = 2 = {crc}\n", r.Stdout);
    }

    [Fact]
    public async Task A_row_whose_statement_is_larger_than_any_server_accepts_fails_naming_max_allowed_packet()
    {
        // 520 MiB, dumped with --hex-blob: one INSERT of 1,040 MiB, more than the 1 GiB no server goes beyond. The
        // dump itself succeeds (mariadb-dump reads the row within 1 GiB); only a restore finds it.
        await ProcessRunner.CheckedAsync("mariadb", [.. _source.ClientArgumentList, "--max-allowed-packet=1G", "-e",
            "CREATE DATABASE huge; CREATE TABLE huge.blobs (id INT PRIMARY KEY, b LONGBLOB) ENGINE=InnoDB; "
                + "INSERT INTO huge.blobs VALUES (1, REPEAT('x', 520 * 1024 * 1024))"]); // the CLI: no command timeout
        _scene.Configure(("huge", SetKind.Mysqldump, null));
        var dump = await DumpMaker.DumpAsync(_source, Path.Combine(_scene.BackupDirectory("huge"), "huge.sql"), DumpCompression.None,
            sha256Sidecar: false, "--single-transaction", "--max-allowed-packet=1G", "--hex-blob", "--databases", "huge");
        Assert.True(new FileInfo(dump).Length > 1L << 30, "the dump holds a statement over 1 GiB");

        var r = await _scene.DrillAsync("huge");

        Assert.True(r.ExitCode == 2, r.Stdout + r.Stderr);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(r.Stdout,
            @"^huge: CRITICAL - restore: huge\.sql: ERROR 2006 \(HY000\) at line \d+: Server has gone away: (a statement "
            + @"is larger than max_allowed_packet allows: the sandbox server and its client use 1 GiB, the most MariaDB and MySQL "
            + @"accept \(the sandbox's error log: Got a packet bigger than 'max_allowed_packet' bytes\); |the server closed the "
            + @"connection; the usual cause is a statement larger than max_allowed_packet \(the sandbox server and its client use "
            + @"1 GiB)"), r.Stdout + r.Stderr);
        Assert.Empty(_scene.LeftInScratch());
        Assert.Empty(_scene.ProcessesInScratch());
    }
}
