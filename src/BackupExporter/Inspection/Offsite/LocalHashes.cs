using System.Security.Cryptography;

namespace BackupExporter.Inspection.Offsite;

/// <summary>
/// Hashes of local files in the type a remote also has (md5, sha1, sha256), each computed once per file identity
/// (path, size, modification time): a round compares against the cache and reads no artifact again.
/// </summary>
internal sealed class LocalHashes(Action<long> countBytesRead)
{
    public static readonly IReadOnlyList<string> Supported = ["md5", "sha1", "sha256"];

    private readonly Dictionary<(string Path, long Size, DateTime Modified, string Type), string> _cache = new();

    public async Task<string> HashAsync(string path, long size, DateTime modified, string type, CancellationToken cancellationToken)
    {
        var key = (path, size, modified, type);
        if (_cache.TryGetValue(key, out var cached))
            return cached;
        var hash = await ComputeAsync(path, type, countBytesRead, cancellationToken);
        _cache[key] = hash;
        return hash;
    }

    /// <summary>Drops entries of files that are gone or changed, so the cache does not grow with retention.</summary>
    public void Retain(IReadOnlySet<string> paths)
    {
        foreach (var key in _cache.Keys.Where(k => !paths.Contains(k.Path)).ToList())
            _cache.Remove(key);
    }

    public static async Task<string> ComputeAsync(string path, string type, Action<long> countBytesRead,
        CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete,
            Options = FileOptions.SequentialScan, BufferSize = 0,
        });
        return await ComputeAsync(stream, type, countBytesRead, cancellationToken);
    }

    public static async Task<string> ComputeAsync(Stream stream, string type, Action<long> countBytesRead,
        CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(type switch
        {
            "md5" => HashAlgorithmName.MD5,
            "sha1" => HashAlgorithmName.SHA1,
            "sha256" => HashAlgorithmName.SHA256,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a hash the exporter computes"),
        });
        var buffer = new byte[1 << 20];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            countBytesRead(read);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
