using BackupExporter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace BackupExporter.IntegrationTests.Retention;

/// <summary>
/// Change-rate signals on real data: a database of ordinary rows grows for ten nights, each dumped by the real
/// mariadb-dump (under faketime, at its night) and gzip: no warning. Then the rows' content is replaced by random bytes
/// (MariaDB's RANDOM_BYTES), as an attacker encrypting rows in place would leave them: the next dump is complete and
/// well-formed, but its compression ratio collapses, and only that is unusual.
/// </summary>
public sealed class CompressionCollapseTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("backup-exporter-collapse-").FullName;
    private MariaDbServer _db = null!;

    public async Task InitializeAsync()
    {
        _db = await MariaDbServer.StartOwnAsync();
        await _db.ExecuteAsync("""
            CREATE DATABASE crm;
            CREATE TABLE crm.notes (id INT PRIMARY KEY, customer VARCHAR(64), body VARBINARY(400));
            """);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await ProcessRunner.RunAsync("rm", ["-rf", _root]);
    }

    /// <summary>Ordinary rows: names and sentences that repeat, as a CRM's notes do.</summary>
    private Task GrowToAsync(int rows) => _db.ExecuteAsync($"""
        USE crm;
        INSERT IGNORE INTO crm.notes
          SELECT seq, CONCAT('customer ', seq % 500),
                 CONCAT('Called about order ', seq % 977, ': delivery ', ELT(1 + seq % 4, 'late', 'on time', 'damaged', 'lost'),
                        '; customer asked for a refund of ', seq % 313, ' EUR and a call back on ', ELT(1 + seq % 5, 'Monday',
                        'Tuesday', 'Wednesday', 'Thursday', 'Friday'), '. Notes: ', REPEAT(ELT(1 + seq % 3, 'ok ', 'fine ', 'sure '), 20))
          FROM seq_1_to_{rows};
        """);

    [Fact]
    public async Task A_growing_database_raises_nothing_and_rows_replaced_by_random_bytes_collapse_the_compression_ratio()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, "crm")).FullName;
        var first = DateTimeOffset.UtcNow.Date.AddDays(-12);
        var rows = 20_000;
        for (var night = 0; night < 10; night++)
        {
            rows = rows * (102 + (night % 3)) / 100; // 2-4% more rows a night
            await GrowToAsync(rows);
            var at = new DateTimeOffset(first.AddDays(night).AddHours(2), TimeSpan.Zero);
            await PastDump.DumpAsync(_db, Path.Combine(dir, $"crm-{at:yyyy-MM-dd}.sql.gz"), at, "--databases crm");
        }
        var config = ConfigBuilder.Fast()
            .Backup("crm", SetKind.Mysqldump, dir, b => b.Pattern("crm-*.sql.gz"))
            .WriteTo(Path.Combine(_root, "config.yml"));

        await using var exporter = await ExporterProcess.StartWithStateAsync(config, Directory.CreateDirectory(Path.Combine(_root, "state"))
            .FullName);
        var growing = await exporter.ScrapeAsync();
        var normalRatio = growing.Value("mysql_backup_compression_ratio", ("backup", "crm"))!.Value;
        output.WriteLine($"growth series: {rows} rows, compression ratio {normalRatio:0.00}, size step "
            + $"{growing.Value("mysql_backup_size_ratio_to_previous", ("backup", "crm")):0.000}");
        Assert.Equal(10, growing.Value("mysql_backup_artifacts", ("backup", "crm"), ("status", "ok")));
        Assert.InRange(normalRatio, 4, 100);
        Assert.Equal(0, growing.Value("mysql_backup_change_unusual", ("backup", "crm"), ("signal", "compression")));
        Assert.Equal(0, growing.Value("mysql_backup_change_unusual", ("backup", "crm"), ("signal", "size")));

        // The same rows, their notes overwritten with random bytes of about the same length.
        await _db.ExecuteAsync("UPDATE crm.notes SET body = RANDOM_BYTES(LEAST(1024, LENGTH(body)))");
        var night11 = new DateTimeOffset(first.AddDays(10).AddHours(2), TimeSpan.Zero);
        await PastDump.DumpAsync(_db, Path.Combine(dir, $"crm-{night11:yyyy-MM-dd}.sql.gz"), night11, "--databases crm");

        var collapsed = await exporter.ScrapeUntilAsync(m => m.Value("mysql_backup_artifacts", ("backup", "crm"), ("status", "ok")) == 11,
            "the eleventh dump verified");
        var ratio = collapsed.Value("mysql_backup_compression_ratio", ("backup", "crm"))!.Value;
        output.WriteLine($"after the rows became random bytes: compression ratio {ratio:0.00}, size step "
            + $"{collapsed.Value("mysql_backup_size_ratio_to_previous", ("backup", "crm")):0.000}");
        Assert.InRange(ratio, 0.5, 2);
        Assert.Equal(1, collapsed.Value("mysql_backup_change_unusual", ("backup", "crm"), ("signal", "compression")));
        Assert.Equal(1, collapsed.Value("mysql_backup_check_ok", ("backup", "crm"), ("check", "complete"))); // complete, not failed
        var status = (await exporter.GetAsync("/api/v1/status")).Body;
        Assert.Contains("\"compression_unusual\": true", status, StringComparison.Ordinal);
        Assert.Contains("random or encrypted content does not compress", status, StringComparison.Ordinal);
    }
}
