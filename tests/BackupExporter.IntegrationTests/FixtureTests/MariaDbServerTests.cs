using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.FixtureTests;

public sealed class MariaDbServerTests
{
    [Fact]
    public async Task The_server_has_binlogs_its_dumps_are_complete_and_it_survives_a_restart()
    {
        await using var server = await MariaDbServer.StartOwnAsync();
        await server.SeedShopAsync();
        Assert.Equal(1L, Convert.ToInt64(await server.ScalarAsync("SELECT @@log_bin"), System.Globalization.CultureInfo.InvariantCulture));

        var dir = Directory.CreateTempSubdirectory("backup-exporter-fixture-").FullName;
        try
        {
            var plain = await DumpMaker.DumpAsync(server, Path.Combine(dir, "shop.sql"), DumpCompression.None);
            var text = await File.ReadAllTextAsync(plain);
            Assert.Contains("-- CHANGE MASTER TO MASTER_LOG_FILE='mysql-bin.", text);
            Assert.StartsWith("-- Dump completed on ", text.TrimEnd().Split('\n')[^1]);

            await ProcessRunner.CheckedAsync("gzip", "-t", await DumpMaker.DumpAsync(server, Path.Combine(dir, "shop.sql.gz")));
            await ProcessRunner.CheckedAsync("zstd", "-q", "-t", await DumpMaker.DumpAsync(server, Path.Combine(dir, "shop.sql.zst"), DumpCompression.Zstd));

            await server.StopAsync();
            await server.StartAsync();
            Assert.Equal(5000L, Convert.ToInt64(await server.ScalarAsync("SELECT COUNT(*) FROM shop.orders"), System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
