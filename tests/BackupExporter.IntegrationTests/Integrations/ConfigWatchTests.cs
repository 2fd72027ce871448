using System.Globalization;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Integrations;

/// <summary>
/// <c>--config.watch</c> against a configuration laid out as the kubelet lays out a ConfigMap volume: the file is a
/// symbolic link through <c>..data</c> to a timestamped directory, and an update writes a new directory and swaps
/// <c>..data</c> with a rename, so the watched path itself never changes.
/// </summary>
public sealed class ConfigWatchTests : IAsyncDisposable
{
    private readonly string _volume = Directory.CreateTempSubdirectory("backup-exporter-configmap-").FullName;
    private readonly string _backups = Directory.CreateTempSubdirectory("backup-exporter-watched-").FullName;
    private int _version;

    private string ConfigFile => Path.Combine(_volume, "backup-exporter.yml");

    private string Config(params string[] sets)
    {
        var builder = new ConfigBuilder().Global(g => g.Interval("1s"));
        foreach (var set in sets)
            builder.Backup(set, SetKind.Mysqldump, _backups, b => b.Pattern($"{set}-*.sql.gz"));
        return builder.ToYaml();
    }

    /// <summary>What the kubelet's atomic writer does on an update of the ConfigMap.</summary>
    private async Task PublishAsync(string content)
    {
        var timestamped = $"..{DateTime.UtcNow:yyyy_MM_dd_HH_mm_ss}.{(++_version).ToString(CultureInfo.InvariantCulture)}";
        Directory.CreateDirectory(Path.Combine(_volume, timestamped));
        File.WriteAllText(Path.Combine(_volume, timestamped, "backup-exporter.yml"), content);
        var data = Path.Combine(_volume, "..data");
        var previous = Directory.Exists(data) ? new DirectoryInfo(data).LinkTarget : null;
        File.CreateSymbolicLink(Path.Combine(_volume, "..data_tmp"), timestamped);
        // rename(2), atomic, as the kubelet does (File.Move follows the link and refuses a directory)
        await ProcessRunner.CheckedAsync("mv", "-T", Path.Combine(_volume, "..data_tmp"), data);
        if (new FileInfo(ConfigFile).LinkTarget is null) // the first time only: the file's own link never changes
            File.CreateSymbolicLink(ConfigFile, Path.Combine("..data", "backup-exporter.yml"));
        if (previous is not null)
            Directory.Delete(Path.Combine(_volume, previous), recursive: true);
    }

    [Fact]
    public async Task An_updated_configmap_is_reloaded_and_a_broken_one_is_refused_keeping_the_running_configuration()
    {
        await PublishAsync(Config("a"));
        Assert.Equal(Path.Combine("..data", "backup-exporter.yml"), new FileInfo(ConfigFile).LinkTarget);
        await using var exporter = await ExporterProcess.StartAsync(ConfigFile, null, "--config.watch=1s");
        await exporter.ScrapeUntilAsync(m => m.Value("mysql_backup_info", ("backup", "a")) == 1, "set a is exported");

        await PublishAsync(Config("a", "b"));
        await exporter.ScrapeUntilAsync(m => m.Value("mysql_backup_info", ("backup", "b")) == 1
            && m.Value("mysql_backup_exporter_config_last_reload_successful") == 1, "set b, added to the ConfigMap, is exported");

        await PublishAsync(Config("a", "b") + "unknown_key: 1\n");
        var refused = await exporter.ScrapeUntilAsync(m => m.Value("mysql_backup_exporter_config_last_reload_successful") == 0,
            "the broken configuration is refused");
        Assert.Equal(1, refused.Value("mysql_backup_info", ("backup", "b")));
        Assert.Contains("configuration file " + ConfigFile + " changed, reloading", exporter.Output, StringComparison.Ordinal);
        Assert.Contains("unknown_key", exporter.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_watch_interval_without_a_unit_is_refused_naming_the_flag()
    {
        await PublishAsync(Config("a"));
        var (exitCode, _, stderr) = await ExporterProcess.RunCliAsync("--config.file=" + ConfigFile, "--config.watch=30");

        Assert.Equal(2, exitCode);
        Assert.Contains("--config.watch=\"30\": \"30\" has no unit", stderr, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await ProcessRunner.RunAsync("rm", ["-rf", _volume, _backups]);
    }
}
