using System.Diagnostics;
using System.Text.Json;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Drills;

/// <summary>
/// One test's drill setting: backup directories, a scratch directory and a drill history of its own, and the real
/// <c>backup-exporter drill</c> command run as a child process against them.
/// </summary>
public sealed class DrillScene : IDisposable
{
    public DrillScene()
    {
        Root = Directory.CreateTempSubdirectory("backup-exporter-drill-").FullName;
        Scratch = Path.Combine(Root, "scratch");
        History = Path.Combine(Root, "history");
    }

    public string Root { get; }

    public string Scratch { get; }

    public string History { get; }

    public string ConfigFile => Path.Combine(Root, "backup-exporter.yml");

    public string BackupDirectory(string set) => Directory.CreateDirectory(Path.Combine(Root, "backups", set)).FullName;

    /// <summary>
    /// Writes the configuration: one set per entry, each with a restore_test block in the scene's scratch directory,
    /// filled further by the entry's <c>RestoreTest</c>. The block is the last key of each set.
    /// </summary>
    public void Configure(params (string Name, SetKind Kind, Action<YamlBlock>? RestoreTest)[] sets) => Configure(null, sets);

    /// <summary>As the overload above, with further keys in every set (before its restore_test block).</summary>
    public void Configure(Action<BackupEntry>? everySet, params (string Name, SetKind Kind, Action<YamlBlock>? RestoreTest)[] sets)
    {
        var builder = new ConfigBuilder();
        foreach (var (name, kind, restoreTest) in sets)
            builder.Backup(name, kind, BackupDirectory(name), b =>
            {
                b.SettleTime("0s");
                everySet?.Invoke(b);
                b.RestoreTest(r =>
                {
                    r.Set("scratch_dir", Scratch);
                    restoreTest?.Invoke(r);
                });
            });
        builder.WriteTo(ConfigFile);
    }

    private Dictionary<string, string> Environment => new() { ["BACKUP_EXPORTER_DRILL_HISTORY"] = History };

    public async Task<ProcessRunner.Result> DrillAsync(string set, string output = "text")
    {
        var r = await ProcessRunner.RunAsync("dotnet", [ExporterProcess.Dll, "drill", $"--config.file={ConfigFile}",
            $"--backup={set}", $"--output={output}"],
            TimeSpan.FromMinutes(5), Environment);
        return r;
    }

    /// <summary>Starts a drill and returns its process, for a test that kills it.</summary>
    public Process StartDrill(string set)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[ExporterProcess.Dll, "drill", $"--config.file={ConfigFile}", $"--backup={set}"])
            info.ArgumentList.Add(a);
        foreach (var (k, v) in Environment)
            info.Environment[k] = v;
        var process = Process.Start(info)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    /// <summary>The set's history file as JSON.</summary>
    public JsonElement HistoryOf(string set) => JsonDocument.Parse(File.ReadAllText(Path.Combine(History, set + ".json"))).RootElement;

    /// <summary>What is left under the scratch directory besides the lock file.</summary>
    public string[] LeftInScratch() => Directory.Exists(Scratch)
        ? Directory.EnumerateFileSystemEntries(Scratch).Select(p => Path.GetFileName(p)).Where(n => n != "drill.lock").ToArray()
        : [];

    /// <summary>Live processes (not zombies) whose command line names the scratch directory: sandbox servers, clients.</summary>
    public IReadOnlyList<string> ProcessesInScratch()
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                if (cmdline.Contains(Scratch, StringComparison.Ordinal) && stat[(stat.LastIndexOf(')') + 2)] != 'Z')
                    found.Add($"{Path.GetFileName(dir)}: {cmdline}");
            }
            catch (IOException)
            {
            }
        }
        return found;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
