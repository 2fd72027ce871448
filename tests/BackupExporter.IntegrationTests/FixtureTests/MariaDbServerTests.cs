using System.Diagnostics;
using System.Globalization;
using BackupExporter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace BackupExporter.IntegrationTests.FixtureTests;

/// <summary>The server fixture used as xunit means it (a class fixture), and the real dumps made from it.</summary>
public sealed class MariaDbServerTests : IClassFixture<MariaDbServer>, IAsyncLifetime
{
    private readonly MariaDbServer _server;
    private readonly ITestOutputHelper _output;
    private readonly string _dir = Directory.CreateTempSubdirectory("backup-exporter-fixture-").FullName;

    public MariaDbServerTests(MariaDbServer server, ITestOutputHelper output)
    {
        _server = server;
        _output = output;
    }

    public Task InitializeAsync() => _server.SeedShopAsync();

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_server_writes_binary_logs()
    {
        Assert.Equal(1L, Convert.ToInt64(await _server.ScalarAsync("SELECT @@log_bin"), CultureInfo.InvariantCulture));
        Assert.Equal(2000L, Convert.ToInt64(await _server.ScalarAsync("SELECT COUNT(*) FROM shop.customers"),
            CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_plain_dump_has_binlog_coordinates_and_the_completion_footer()
    {
        var plain = await DumpMaker.DumpAsync(_server, Path.Combine(_dir, "shop.sql"), DumpCompression.None, sha256Sidecar: true);

        var text = await File.ReadAllTextAsync(plain);
        Assert.Contains("-- CHANGE MASTER TO MASTER_LOG_FILE='mysql-bin.", text);
        Assert.StartsWith("-- Dump completed on ", text.TrimEnd().Split('\n')[^1]);
        await ProcessRunner.CheckedAsync("bash", "-c", $"cd {ProcessRunner.Quote(_dir)} && sha256sum -c --quiet shop.sql.sha256");
    }

    [Fact]
    public async Task Compressed_dumps_pass_the_compressors_own_tests()
    {
        var gz = await DumpMaker.DumpAsync(_server, Path.Combine(_dir, "shop.sql.gz"), DumpCompression.Gzip, sha256Sidecar: false);
        var zst = await DumpMaker.DumpAsync(_server, Path.Combine(_dir, "shop.sql.zst"), DumpCompression.Zstd, sha256Sidecar: false);

        await ProcessRunner.CheckedAsync("gzip", "-t", gz);
        await ProcessRunner.CheckedAsync("zstd", "-q", "-t", zst);
        Assert.False(File.Exists(gz + ".sha256"));
    }

    [Fact]
    public async Task Extra_arguments_replace_the_defaults_and_a_failing_dump_throws_with_its_stderr()
    {
        var one = await DumpMaker.DumpAsync(_server, Path.Combine(_dir, "customers.sql"), DumpCompression.None, false,
            "--skip-dump-date", "shop", "customers");
        var text = await File.ReadAllTextAsync(one);
        Assert.Contains("CREATE TABLE `customers`", text);
        Assert.DoesNotContain("CREATE TABLE `orders`", text);
        Assert.DoesNotContain("CHANGE MASTER", text);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            DumpMaker.DumpAsync(_server, Path.Combine(_dir, "nosuch.sql.gz"), DumpCompression.Gzip, false, "--databases", "nosuchdb"));
        Assert.Contains("nosuchdb", e.Message);
    }

    [Fact]
    public async Task An_own_server_stops_and_starts_on_the_same_data()
    {
        var clock = Stopwatch.StartNew();
        await using var server = await MariaDbServer.StartOwnAsync();
        var started = clock.Elapsed;
        await server.ExecuteAsync("CREATE DATABASE kept; CREATE TABLE kept.t (id INT); INSERT INTO kept.t VALUES (1), (2), (3);");
        Assert.True(File.Exists(server.SocketPath));
        Assert.True(Directory.Exists(Path.Combine(server.DataDirectory, "kept")));

        await server.StopAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => server.ScalarAsync("SELECT 1"));
        clock.Restart();
        await server.StartAsync();
        var restarted = clock.Elapsed;

        Assert.Equal(3L, Convert.ToInt64(await server.ScalarAsync("SELECT COUNT(*) FROM kept.t"), CultureInfo.InvariantCulture));
        Assert.True(started < TimeSpan.FromSeconds(60) && restarted < TimeSpan.FromSeconds(60));
        var directory = Path.GetDirectoryName(server.DataDirectory)!;
        await server.DisposeAsync();
        Assert.False(Directory.Exists(directory));
        _output.WriteLine($"first start (install-db + start) {started.TotalSeconds:0.0} s, restart {restarted.TotalSeconds:0.0} s");
    }
}
