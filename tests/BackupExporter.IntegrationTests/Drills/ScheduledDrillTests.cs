using System.Globalization;
using System.Text.Json;
using BackupExporter.Platform;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Drills;

/// <summary>
/// The running exporter makes scheduled drills in child processes of its own binary: a good drill is recorded, and a
/// child killed half-way gets a failed record written by the exporter, which keeps serving /metrics throughout.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class ScheduledDrillTests(SharedMariaDb shared) : IDisposable
{
    private readonly DrillScene _scene = new();

    public void Dispose() => _scene.Dispose();

    [Fact]
    public async Task Scheduled_drills_run_as_children_and_a_killed_child_leaves_a_failed_record()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        string good = "good" + suffix, slow = "slow" + suffix;
        _scene.Configure((good, SetKind.Mysqldump, r => r.Set("schedule", "* * * * *")),
            (slow, SetKind.Mysqldump, r => r.Set("schedule", "* * * * *")));
        await DumpMaker.DumpAsync(shared.Server, Path.Combine(_scene.BackupDirectory(good), "shop.sql.gz"));
        var dump = await DumpMaker.DumpAsync(shared.Server, Path.Combine(_scene.BackupDirectory(slow), "shop.sql"),
            DumpCompression.None, sha256Sidecar: false);
        var lines = File.ReadAllLines(dump).ToList();
        lines.Insert(lines.FindIndex(l => l.StartsWith("INSERT INTO `orders`", StringComparison.Ordinal)), "SELECT SLEEP(600);");
        File.WriteAllLines(dump, lines);
        var history = Path.Combine(PrivateStateDirectory.Path, "drills");

        await using var exporter = await ExporterProcess.StartAsync(_scene.ConfigFile);
        var child = await Until(() => ChildDrill(slow), "the exporter starts the drill of the slow set", 150);
        await Until(() => _scene.ProcessesInScratch().Any(p => p.Contains("mariadb --no-defaults", StringComparison.Ordinal)) ? "" : null,
            "the dump is loading", 60);
        Assert.Equal(200, (await exporter.GetAsync("/-/healthy")).Status);
        // The whole drill runs at low priority, not only its sandbox: it yields the cores to the exporter's scrapes.
        var exporterNice = NiceOf(exporter.ProcessId.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(Math.Min(19, exporterNice + 10), NiceOf(child));
        await ProcessRunner.CheckedAsync("kill", "-KILL", child);

        var failed = await Until(() => Newest(history, slow) is { } n && string.Equals(n.GetProperty("verdict").GetString(), "failed",
            StringComparison.OrdinalIgnoreCase) ? n : (JsonElement?)null, "a failed record for the killed drill", 60);
        Assert.Equal("the drill process was killed by signal 9 before it recorded an outcome", failed.GetProperty("error").GetString());
        var ok = await Until(() => Newest(history, good) is { } n ? n : (JsonElement?)null, "the good drill's record", 150);
        Assert.Equal("ok", ok.GetProperty("verdict").GetString(), ignoreCase: true);
        Assert.Equal(7000, ok.GetProperty("schemas")[0].GetProperty("rows").GetInt64());
        Assert.Equal(200, (await exporter.GetAsync("/metrics")).Status);
        await Until(() => _scene.ProcessesInScratch().Count == 0 ? "" : null, "no sandbox left running", 60);

        // The next scheduled drill finds the killed child's sandbox: it cleans it, and records nothing more for it, since
        // the exporter already did.
        await Until(() => Recent(history, good) >= 2 ? "" : null, "the next scheduled drill of the good set", 150);
        var slowHistory = JsonDocument.Parse(File.ReadAllText(Path.Combine(history, slow + ".json"))).RootElement;
        Assert.Equal(["the drill process was killed by signal 9 before it recorded an outcome"],
            slowHistory.GetProperty("recent").EnumerateArray().Select(o => o.GetProperty("error").GetString()));
    }

    private static int Recent(string directory, string set) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, set + ".json"))).RootElement.GetProperty("recent").GetArrayLength();

    private static JsonElement? Newest(string directory, string set)
    {
        var path = Path.Combine(directory, set + ".json");
        if (!File.Exists(path)) return null;
        var newest = JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("newest");
        return newest.ValueKind == JsonValueKind.Object ? newest : null;
    }

    /// <summary>The nice value of a process: field 19 of /proc/PID/stat, the 17th after the command name.</summary>
    private static int NiceOf(string pid) =>
        int.Parse(ProcessState.Fields(int.Parse(pid, CultureInfo.InvariantCulture))![16], CultureInfo.InvariantCulture);

    /// <summary>The pid of the exporter's drill child for <paramref name="set"/>, once it runs.</summary>
    private static string? ChildDrill(string set)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
            try
            {
                var args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (args.Contains("drill") && args.Contains($"--backup={set}"))
                    return Path.GetFileName(dir);
            }
            catch (IOException)
            {
            }
        }
        return null;
    }

    private static async Task<T> Until<T>(Func<T?> found, string what, int seconds)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (found() is { } value) return value;
            if (DateTime.UtcNow > until) throw new TimeoutException($"not within {seconds} s: {what}");
            await Task.Delay(200);
        }
    }

    private static async Task<JsonElement> Until(Func<JsonElement?> found, string what, int seconds)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (found() is { } value) return value;
            if (DateTime.UtcNow > until) throw new TimeoutException($"not within {seconds} s: {what}");
            await Task.Delay(200);
        }
    }
}
