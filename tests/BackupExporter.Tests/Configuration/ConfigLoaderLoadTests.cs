using BackupExporter.Configuration;

namespace BackupExporter.Tests.Configuration;

/// <summary>Reading the file itself.</summary>
public sealed class ConfigLoaderLoadTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("backup-exporter-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void MissingFileIsOneErrorNamingThePath()
    {
        var path = Path.Combine(_directory, "absent.yml");

        var (config, errors) = ConfigLoader.Load(path);

        Assert.Null(config);
        var error = Assert.Single(errors);
        Assert.Equal(new ConfigError(path, 0, 0, $"cannot read configuration file \"{path}\": no such file"), error);
        Assert.Equal($"{path}: cannot read configuration file \"{path}\": no such file", error.ToString());
    }

    [Fact]
    public void DirectoryIsOneError()
    {
        var (config, errors) = ConfigLoader.Load(_directory);

        Assert.Null(config);
        Assert.Equal($"cannot read configuration file \"{_directory}\": it is a directory", Assert.Single(errors).Message);
    }

    [Fact]
    public void LoadsAFileAndResolvesPathsAgainstItsDirectory()
    {
        var path = Path.Combine(_directory, "backup-exporter.yml");
        File.WriteAllText(path, "backups:\n  - {name: nightly, kind: mysqldump, path: dumps}\n");

        var (config, errors) = ConfigLoader.Load(path);

        Assert.Empty(errors);
        Assert.Equal(path, config!.SourcePath);
        Assert.Equal(Path.Combine(_directory, "dumps"), config.Backups[0].Path);
    }

    [Fact]
    public void ErrorsNameTheFileAsGiven()
    {
        var path = Path.Combine(_directory, "bad.yml");
        File.WriteAllText(path, "\uFEFFbackups:\n  - {name: nightly, kind: mysqldump, path: dumps, grace: 2x}\n");

        var (_, errors) = ConfigLoader.Load(path);

        Assert.Equal($"{path}:2:58: backups[0] \"nightly\": grace: \"2x\" is not a duration (use e.g. 90s, 30m, 2h, 7d)",
            Assert.Single(errors).ToString());
    }
}
