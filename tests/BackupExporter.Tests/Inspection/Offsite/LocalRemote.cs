using System.Collections.Immutable;
using BackupExporter.Decoding;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Offsite;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Inspection.Offsite;

/// <summary>
/// A local set directory and a remote that is a plain directory, reached through the real rclone (its local
/// backend) with an empty rclone.conf of mode 0600: the listing, hashes and downloads are rclone's own.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class LocalRemote : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _dir = new();

    public LocalRemote()
    {
        Local = Directory.CreateDirectory(_dir.File("local")).FullName;
        Remote = Directory.CreateDirectory(_dir.File("remote")).FullName;
        ConfigFile = _dir.File("rclone.conf");
        File.WriteAllText(ConfigFile, "");
        File.SetUnixFileMode(ConfigFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public string Local { get; }

    public string Remote { get; }

    public string ConfigFile { get; }

    public void Dispose() => _dir.Dispose();

    /// <summary>A local dump of the given bytes (else <paramref name="size"/> random ones), finished <paramref name="age"/> ago.</summary>
    public ArtifactObservation Dump(string name, TimeSpan age, int size = 1000, byte[]? bytes = null)
    {
        var path = Path.Combine(Local, name);
        if (bytes is null)
        {
            bytes = new byte[size];
            new Random(name.Length * 7919 + size).NextBytes(bytes);
        }
        File.WriteAllBytes(path, bytes);
        var end = DateTimeOffset.UtcNow - age;
        File.SetLastWriteTimeUtc(path, end.UtcDateTime);
        return Observation(path, end);
    }

    /// <summary>A directory artifact (as mydumper writes) with the given files.</summary>
    public ArtifactObservation DirectoryArtifact(string name, TimeSpan age, params (string File, int Size)[] files)
    {
        var path = Directory.CreateDirectory(Path.Combine(Local, name)).FullName;
        foreach (var (file, size) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(path, file))!);
            File.WriteAllBytes(Path.Combine(path, file), new byte[size]);
        }
        return Observation(path, DateTimeOffset.UtcNow - age);
    }

    /// <summary>Puts <paramref name="bytes"/> on the remote as <paramref name="relative"/> ('/' separated).</summary>
    public void Put(string relative, byte[] bytes)
    {
        var path = Path.Combine(Remote, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>Copies the local set to the remote with the real <c>rclone copy</c>, as a site's job does.</summary>
    public async Task CopyAllAsync()
    {
        var result = await Rclone(["copy", Local, Remote], (stdout, token) => stdout.CopyToAsync(Stream.Null, token));
        Assert.True(result.Ok, result.Describe("copy"));
    }

    /// <summary>The remote's listing, read from the real <c>rclone lsjson -R</c> as the inspection asks for it.</summary>
    public async Task<RemoteListing> ListAsync(string? hashType = null)
    {
        RemoteListing? listing = null;
        string[] hash = hashType is null ? [] : ["--hash-type", hashType];
        var result = await Rclone(["lsjson", "-R", "--files-only", "--no-mimetype", .. hash, Remote],
            async (stdout, token) => listing = await RemoteListing.ReadAsync(stdout, hashType, token));
        Assert.True(result.Ok, result.Describe("lsjson"));
        return listing!;
    }

    /// <summary>A download check reading objects back with the real <c>rclone cat</c>.</summary>
    public DownloadCheck Download() => new((path, read, token) => Rclone(["cat", OffsiteInspection.Join(Remote, path)], read, token));

    private Task<RcloneResult> Rclone(IEnumerable<string> command, Func<Stream, CancellationToken, Task> read,
        CancellationToken token = default) =>
        RcloneProcess.RunAsync(ConfigFile, Timeout, command, read, token);

    private static ArtifactObservation Observation(string path, DateTimeOffset end) =>
        new(path, File.Exists(path) ? new FileInfo(path).Length : 0, end, false, ImmutableDictionary<string, CheckResult>.Empty, null,
            CompressionFormat.None);
}
