using BackupExporter.IntegrationTests.Fixtures;
using System.Text.RegularExpressions;

namespace BackupExporter.IntegrationTests.Packaging;

/// <summary>
/// The release artifacts scripts/package made in dist/ (scripts/test runs it before the tests): the version, the
/// .deb and the tar.gz. A missing artifact fails with the command that makes it, never skips.
/// </summary>
public static partial class ReleaseArtifacts
{
    public static string Version { get; } =
        VersionPattern().Match(File.ReadAllText(RepoPaths.Of("Directory.Build.props"))).Groups[1].Value;

    public static string Deb => Existing($"backup-exporter_{Version}-1_amd64.deb");

    public static string TarGz => Existing($"backup-exporter-{Version}-linux-amd64.tar.gz");

    /// <summary>The native binary's symbols, apart from it.</summary>
    public static string Dbg => Existing($"backup-exporter-{Version}-linux-amd64.dbg");

    public static string TarDirectory => $"backup-exporter-{Version}-linux-amd64";

    private static string Existing(string name)
    {
        var path = RepoPaths.Of("dist", name);
        if (!File.Exists(path))
            throw new InvalidOperationException($"{path} is missing: run scripts/package (scripts/test does) before these tests");
        return path;
    }

    /// <summary>Unpacks the tar.gz into a new temporary directory and returns it.</summary>
    public static async Task<string> UnpackTarGzAsync()
    {
        var dir = Directory.CreateTempSubdirectory("backup-exporter-release-").FullName;
        await ProcessRunner.CheckedAsync("tar", "-xzf", TarGz, "-C", dir);
        return dir;
    }

    [GeneratedRegex("<Version>([^<]+)</Version>")]
    private static partial Regex VersionPattern();
}
