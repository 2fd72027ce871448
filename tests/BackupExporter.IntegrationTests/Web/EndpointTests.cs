using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Web;

/// <summary>The HTTP surface of a running exporter, and configuration reloads by SIGHUP and POST /-/reload.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class EndpointTests : BackupDirectoryTest
{
    public EndpointTests(SharedMariaDb db)
        : base(db)
    {
    }

    private async Task<string> SetAsync(string name)
    {
        var dir = Dir(name);
        await DumpMaker.DumpAsync(Server, Path.Combine(dir, "shop.sql.gz"), modified: DateTimeOffset.UtcNow.AddHours(-1));
        return dir;
    }

    [Fact]
    public async Task Health_readiness_status_page_and_json_are_served()
    {
        var dir = await SetAsync("web");
        var config = TestConfig.Write(Path.Combine(Root, "web.yml"), [("web", dir, b => b.Schedule("0 2 * * *"))]);
        await using var exporter = await ExporterProcess.StartAsync(config);

        Assert.Equal((200, "Healthy\n"), await exporter.GetAsync("/-/healthy"));
        Assert.Equal((200, "Ready\n"), await exporter.GetAsync("/-/ready"));
        var page = await exporter.GetAsync("/");
        Assert.Equal(200, page.Status);
        Assert.Contains("<a href=\"/metrics\">", page.Body);
        Assert.Contains("<b>web</b>", page.Body);
        Assert.Contains("complete: ok", page.Body);
        var json = await exporter.GetAsync("/api/v1/status");
        Assert.Contains("\"severity\": \"ok\"", json.Body);
        Assert.Equal(404, (await exporter.GetAsync("/nope")).Status);
    }

    [Fact]
    public async Task A_reload_removes_the_series_of_a_dropped_set_and_a_broken_file_keeps_the_running_configuration()
    {
        var a = await SetAsync("a");
        var b = await SetAsync("b");
        var config = Path.Combine(Root, "reload.yml");
        TestConfig.Write(config, [("a", a, null), ("b", b, null)]);
        await using var exporter = await ExporterProcess.StartAsync(config, null, "--web.enable-lifecycle");
        Assert.NotNull((await exporter.ScrapeAsync()).Value("mysql_backup_info", ("backup", "b")));

        TestConfig.Write(config, [("a", a, null)]);
        exporter.Signal("HUP");
        var m = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_info", ("backup", "b")) is null, "set b is gone after SIGHUP");
        Assert.DoesNotContain(m.Samples, s => s.Labels.TryGetValue("backup", out var v) && v == "b");
        Assert.DoesNotContain(m.Samples, s => s.Labels.TryGetValue("inspection", out var v) && v == "backup:b");
        Assert.Equal(1, m.Value("mysql_backup_check_ok", ("backup", "a"), ("check", "complete")));

        await File.WriteAllTextAsync(config, "backups:\n  - name: a\n    kind: mysqldumb\n    path: /x\n");
        var failed = await exporter.PostAsync("/-/reload");
        Assert.Equal(500, failed.Status);
        Assert.Contains($"{config}:3:11: ", failed.Body);
        var after = await exporter.ScrapeAsync();
        Assert.Equal(0, after.Value("mysql_backup_exporter_config_last_reload_successful"));
        Assert.Equal(1, after.Value("mysql_backup_check_ok", ("backup", "a"), ("check", "complete")));

        TestConfig.Write(config, [("a", a, null), ("b", b, null)]);
        Assert.Equal(200, (await exporter.PostAsync("/-/reload")).Status);
        await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_check_ok", ("backup", "b"),
            ("check", "complete")) == 1, "set b is back");
        Assert.Equal(1, (await exporter.ScrapeAsync()).Value("mysql_backup_exporter_config_last_reload_successful"));
    }
}
