using System.Security.Cryptography;
using BackupExporter.Configuration;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Drills.Physical;

/// <summary>Backup sets as the configuration reader makes them, and fingerprints of backup directories.</summary>
internal static class DrillTestSets
{
    public static BackupSetConfig Set(string path, SetKind kind = SetKind.Mariabackup, string pattern = "[0-9]*")
    {
        var yaml = new ConfigBuilder().Backup("drilled", kind, path, b => b.Pattern(pattern)).ToYaml();
        var (config, errors) = ConfigLoader.Parse(yaml, Path.Combine(path, "..", "exporter.yml"));
        Assert.True(config is not null, string.Join('\n', errors));
        return config.Backups[0];
    }

    /// <summary>Every file's path, size, modification time and SHA-256 under <paramref name="directory"/>.</summary>
    public static IReadOnlyList<string> Fingerprint(string directory) =>
        [.. Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(path =>
        {
            var info = new FileInfo(path);
            var hash = info.Attributes.HasFlag(FileAttributes.Directory) ? "dir"
                : Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
            return $"{Path.GetRelativePath(directory, path)} {(info.Exists ? info.Length : 0)} {info.LastWriteTimeUtc.Ticks} {hash}";
        })];

    /// <summary>A sandbox root the server's user may enter, as the drill makes it.</summary>
    public static async Task<string> SandboxAsync(string root, string name)
    {
        var sandbox = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
        await ProcessRunner.CheckedAsync("chmod", "0755", root);
        if (ProcessRunner.IsRoot)
            await ProcessRunner.CheckedAsync("chown", "mysql:mysql", sandbox);
        return sandbox;
    }

    public static async Task<string> OwnerAsync(string path) => (await ProcessRunner.CheckedAsync("stat", "-c", "%U", path)).Trim();
}
