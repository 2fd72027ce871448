using System.Globalization;
using System.Text.Json;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Dashboards;

/// <summary>
/// The overview's first row, queried as Grafana would through a real Prometheus scraping a real exporter: it lists
/// exactly the sets that are not restorable now (a cut-off dump, an overdue set, a set without any artifact,
/// or one whose newest restore drill failed), never the healthy one, and says since when (the newest good backup's time).
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class FirstRowQueryTests : BackupDirectoryTest
{
    public FirstRowQueryTests(SharedMariaDb db)
        : base(db)
    {
    }

    private static readonly string[] NotRestorable = ["broken", "drill-failed", "empty", "late"];

    private static List<(string Title, string RefId, string Expr)> FirstRowTargets()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(RepoPaths.Of("dashboards", "mysql-backup-overview.json")));
        var panels = json.RootElement.GetProperty("panels").EnumerateArray().ToList();
        var end = panels.FindIndex(1, p => p.GetProperty("type").GetString() == "row");
        // Every set selected, as the variable's "All" does.
        return panels.Take(end).Skip(1).SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => (
            p.GetProperty("title").GetString()!, t.GetProperty("refId").GetString()!,
            t.GetProperty("expr").GetString()!.Replace("$backup", ".*", StringComparison.Ordinal)
                .Replace("$instance", ".*", StringComparison.Ordinal)))).ToList();
    }

    [Fact]
    public async Task The_first_row_lists_the_sets_not_restorable_now_with_their_newest_good_backup()
    {
        var good = DateTimeOffset.UtcNow.AddHours(-30);
        var sets = new Dictionary<string, string>();
        foreach (var name in new[] { "healthy", "broken", "late", "empty" })
            sets[name] = Dir(name);
        foreach (var name in new[] { "healthy", "broken" })
        {
            await DumpMaker.DumpAsync(Server, Path.Combine(sets[name], "shop-1.sql.gz"), modified: good);
            await DumpMaker.DumpAsync(Server, Path.Combine(sets[name], "shop-2.sql.gz"), modified: DateTimeOffset.UtcNow.AddHours(-2));
        }
        Damage.TruncateFraction(Path.Combine(sets["broken"], "shop-2.sql.gz"), 0.5);
        await DumpMaker.DumpAsync(Server, Path.Combine(sets["late"], "shop-1.sql.gz"), modified: good);
        var state = Dir("state");
        var config = TestConfig.Write(Path.Combine(Root, "exporter.yml"), [
            ("healthy", sets["healthy"], null), ("broken", sets["broken"], null),
            ("late", sets["late"], b => b.Schedule("0 * * * *", grace: "10m")), ("empty", sets["empty"], null),
            ("drill-failed", await DumpThatDoesNotRestoreAsync(), b => b.RestoreTest(r => r.Set("scratch_dir", Dir("scratch"))))]);
        var drill = await ProcessRunner.RunAsync("dotnet", [ExporterProcess.Dll, "drill", $"--config.file={config}",
            "--backup=drill-failed"],
            TimeSpan.FromMinutes(5), new Dictionary<string, string> { ["STATE_DIRECTORY"] = state });
        Assert.True(drill.ExitCode == 2, drill.Stdout + drill.Stderr); // the restore fails on the syntax error
        await using var exporter = await ExporterProcess.StartWithStateAsync(config, state);

        var promConfig = Path.Combine(Root, "prometheus.yml");
        await File.WriteAllTextAsync(promConfig, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: backup-exporter
                static_configs:
                  - targets: ["127.0.0.1:{exporter.Port}"]
            """);
        await using var prometheus = await ServiceProcess.StartAsync(MonitoringTools.Prometheus, ServiceProcess.FreePort(),
            "--config.file=" + promConfig, "--storage.tsdb.path=" + Dir("prometheus-data"), "--web.listen-address=127.0.0.1:{port}");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await QueryAsync(prometheus, "count(mysql_backup_artifacts{status=\"ok\"})")).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "Prometheus has scraped the exporter within 60 s:\n" + prometheus.Output);
            await Task.Delay(200);
        }

        var targets = FirstRowTargets();
        var count = Assert.Single(targets, t => t.Title == "Sets not restorable now");
        Assert.Equal(4, Assert.Single(await QueryAsync(prometheus, count.Expr)).Value);

        var table = targets.Where(t => t.Title == "Not restorable now").ToList();
        var listed = new Dictionary<string, Dictionary<string, double>>();
        foreach (var (_, refId, expr) in table)
            foreach (var (backup, value) in await QueryAsync(prometheus, expr))
                (listed.TryGetValue(backup, out var row) ? row : listed[backup] = [])[refId] = value;
        Assert.Equal(NotRestorable, listed.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(3, listed["broken"]["A"]);       // checks failing: complete, compression and checksum of the cut-off dump
        Assert.Equal(1, listed["late"]["B"]);         // overdue
        Assert.Equal(0, listed["empty"]["D"]);        // good artifacts retained
        Assert.Equal(0, listed["drill-failed"]["H"]); // its newest restore drill failed
        foreach (var passed in new[] { "A", "B", "C", "D" })
            Assert.False(listed["drill-failed"].ContainsKey(passed), $"the drill-failed set's artifact passes {passed}: "
                + $"only its drill failed");
        Assert.False(listed["empty"].ContainsKey("E"), "a set that never had a good backup has no newest good backup");
        foreach (var name in new[] { "broken", "late" })
            Assert.InRange(listed[name]["E"] / 1000, good.ToUnixTimeSeconds() - 1,
                good.ToUnixTimeSeconds() + 3); // since when: the newest good backup, dated by its footer (to the second)

        var timeline = Assert.Single(targets, t => t.Title == "Restorable over time");
        var states = (await QueryAsync(prometheus, timeline.Expr)).ToDictionary(r => r.Backup, r => r.Value);
        Assert.Equal(new Dictionary<string, double> { ["broken"] = 1, ["drill-failed"] = 1, ["empty"] = 1, ["healthy"] = 0,
            ["late"] = 1 }, states);

        // Each set's recovery point against its objective (none has an rpo here: a day, or its schedule's interval): the
        // healthy set is well within it, the set without any good artifact has no recovery point and is off the scale.
        var rpo = Assert.Single(targets, t => t.Title == "Recovery point age against the RPO");
        var ratios = (await QueryAsync(prometheus, rpo.Expr)).ToDictionary(r => r.Backup, r => r.Value);
        Assert.Equal(["broken", "drill-failed", "empty", "healthy", "late"], ratios.Keys.Order(StringComparer.Ordinal));
        Assert.InRange(ratios["healthy"], 0, 0.5);
        Assert.True(ratios["empty"] > 1000, $"the set without a good artifact: {ratios["empty"]}");
    }

    /// <summary>A complete, checksummed dump with a statement that fails in the middle: only a restore finds it.</summary>
    private async Task<string> DumpThatDoesNotRestoreAsync()
    {
        var dump = await DumpMaker.DumpAsync(Server, Path.Combine(Dir("drill-failed"), "shop-1.sql"), DumpCompression.None,
            modified: DateTimeOffset.UtcNow.AddHours(-2));
        var text = await File.ReadAllTextAsync(dump);
        var at = text.IndexOf("\nUNLOCK TABLES;", StringComparison.Ordinal);
        Assert.True(at > 0, "the dump has a table's data");
        await File.WriteAllTextAsync(dump, text.Insert(at, "\nINSERT INTO orders VALUES (1,;"));
        Damage.SetModified(dump, DateTimeOffset.UtcNow.AddHours(-2));
        DumpMaker.WriteSidecar(dump);
        return Path.GetDirectoryName(dump)!;
    }

    private static async Task<List<(string Backup, double Value)>> QueryAsync(ServiceProcess prometheus, string query)
    {
        using var response = await prometheus.Http.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(query));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{query}: {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Select(r => (
            r.GetProperty("metric").TryGetProperty("backup", out var b) ? b.GetString()! : "",
            double.Parse(r.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture))).ToList();
    }
}
