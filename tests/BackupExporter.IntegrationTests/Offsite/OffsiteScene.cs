using System.Collections.Immutable;
using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Offsite;
using BackupExporter.IntegrationTests.Fixtures;
using BackupExporter.Decoding;

namespace BackupExporter.IntegrationTests.Offsite;

/// <summary>
/// A local backup set directory, a directory a remote serves, and an rclone.conf (0600) in a temporary directory.
/// Artifacts are real files with set modification times; the set's verdicts (which artifacts are good) are given as
/// the set's inspection would publish them, since that inspection is not what these tests are about.
/// </summary>
internal sealed class OffsiteScene : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("offsite-test-").FullName;
    private readonly List<(string Path, DateTimeOffset End)> _artifacts = [];

    public OffsiteScene()
    {
        Local = Directory.CreateDirectory(Path.Combine(_root, "local")).FullName;
        Remote = Directory.CreateDirectory(Path.Combine(_root, "remote")).FullName;
        ConfigFile = Path.Combine(_root, "rclone.conf");
        File.WriteAllText(ConfigFile, "");
        File.SetUnixFileMode(ConfigFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public string Local { get; }

    /// <summary>The directory the remote holds (a local-path remote, or what a server serves).</summary>
    public string Remote { get; }

    public string ConfigFile { get; }

    public string Root => _root;

    public void AddSection(string section) => File.AppendAllText(ConfigFile, section);

    /// <summary>A dump file of <paramref name="size"/> pseudo-random bytes, finished <paramref name="age"/> ago.</summary>
    public string Dump(string name, int size, TimeSpan age)
    {
        var path = Path.Combine(Local, name);
        var bytes = new byte[size];
        new Random(name.GetHashCode(StringComparison.Ordinal)).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        var end = DateTimeOffset.UtcNow - age;
        File.SetLastWriteTimeUtc(path, end.UtcDateTime);
        _artifacts.Add((path, end));
        return path;
    }

    /// <summary>A directory artifact (as mydumper writes) with the given files.</summary>
    public string DirectoryArtifact(string name, TimeSpan age, params (string File, int Size)[] files)
    {
        var path = Directory.CreateDirectory(Path.Combine(Local, name)).FullName;
        foreach (var (file, size) in files)
            File.WriteAllBytes(Path.Combine(path, file), new byte[size]);
        var end = DateTimeOffset.UtcNow - age;
        Directory.SetLastWriteTimeUtc(path, end.UtcDateTime);
        _artifacts.Add((path, end));
        return path;
    }

    /// <summary>Copies the local set to the remote directory with the real <c>rclone copy</c>, as a site's job does.</summary>
    public Task CopyAllAsync() => ProcessRunner.CheckedAsync("rclone", "--config", "/dev/null", "copy", Local, Remote);

    /// <summary>The remote's copy of a local file.</summary>
    public string RemoteCopy(string name) => Path.Combine(Remote, name);

    public BackupSetConfig Set(BackupKind kind = BackupKind.Mysqldump) => new()
    {
        Name = "shop", Kind = kind, Path = Local,
        Pattern = GlobPattern.TryParse("*", out var p, out _) ? p! : throw new InvalidOperationException(),
        TimeZone = TimeZoneInfo.Utc, Grace = TimeSpan.Zero, Checksum = ChecksumMode.None,
        Interval = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromSeconds(30), SettleTime = TimeSpan.Zero,
    };

    /// <summary>What the set's inspection publishes: every artifact good, oldest first.</summary>
    public BackupSetObservation Observation() => new("shop", DateTimeOffset.UtcNow, null,
        _artifacts.OrderBy(a => a.End).Select(a => new ArtifactObservation(a.Path, SizeOf(a.Path), a.End, false,
            ImmutableDictionary<string, CheckResult>.Empty, null, CompressionFormat.None)).ToList(), null, null, DateTimeOffset.UtcNow);

    public OffsiteInspection Inspection(string remote, OffsiteVerify verify = OffsiteVerify.Size, TimeSpan? maxLag = null,
        TimeSpan? timeout = null, long? downloadLimit = null, BackupKind kind = BackupKind.Mysqldump, Action<long>? bytesRead = null) =>
        new(Set(kind), Config(remote, verify, maxLag, timeout, downloadLimit), Observation, TimeProvider.System, bytesRead ?? (_ => { }));

    public OffsiteConfig Config(string remote, OffsiteVerify verify = OffsiteVerify.Size, TimeSpan? maxLag = null, TimeSpan? timeout = null,
        long? downloadLimit = null) =>
        new()
        {
            Name = "copy", Remote = remote, RcloneConfig = ConfigFile, Interval = TimeSpan.FromMinutes(15),
            Timeout = timeout ?? TimeSpan.FromSeconds(30), MaxLag = maxLag ?? TimeSpan.FromHours(6), Verify = verify,
            DownloadLimitBytes = downloadLimit ?? (verify == OffsiteVerify.Download ? 1L << 30 : null),
        };

    private static long SizeOf(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
