using System.Security.Cryptography;
using BackupExporter.Configuration;
using BackupExporter.Decoding;

namespace BackupExporter.Inspection.Verification;

/// <summary>
/// The <c>checksum</c> check of a directory artifact: a <c>SHA256SUMS</c> / <c>MD5SUMS</c> manifest inside the
/// directory (paths relative to it), or <c>&lt;dir&gt;.sha256</c> / <c>&lt;dir&gt;.md5</c> beside it (as written by
/// <c>find DIR -type f -exec sha256sum {} +</c>, paths starting with the directory's name). Every listed file is
/// hashed in one read; digests are cached per (path, size, mtime), so an unchanged file is never read again.
/// </summary>
internal sealed class DirectoryManifest(Action<long> countBytesRead)
{

    private readonly Dictionary<(string Path, long Size, long Ticks, ChecksumAlgorithm Algorithm), string> _digests = new();

    /// <summary>Forgets the digests of a directory that is gone, so the cache cannot grow without bound.</summary>
    public void Forget(string directory)
    {
        var prefix = Path.TrimEndingDirectorySeparator(directory) + Path.DirectorySeparatorChar;
        foreach (var key in _digests.Keys.Where(k => k.Path.StartsWith(prefix, StringComparison.Ordinal)).ToList())
            _digests.Remove(key);
    }

    public CheckResult Verify(string directory, DirectoryWalk walk, ChecksumMode mode, CancellationToken ct)
    {
        var found = Find(directory, walk, mode);
        if (found is not var (manifest, algorithm, inside))
            return mode == ChecksumMode.Auto
                ? CheckResult.FixedPass("no checksum manifest")
                : CheckResult.Fail($"no checksum manifest: looked "
                    + $"for {string.Join(", ", Candidates(directory, mode).Select(c => c.Path))}");

        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
        var sizes = walk.Files.ToDictionary(f => f.RelativePath);
        var problems = new List<string>();
        var listed = 0;
        foreach (var line in ChecksumSidecars.ReadLines(manifest))
        {
            var (hex, listedPath) = ChecksumSidecars.Parse(line, algorithm);
            if (hex is null || listedPath is null)
                continue;
            listed++;
            var relative = Relative(listedPath, name, inside);
            if (!sizes.TryGetValue(relative, out var file))
            {
                problems.Add($"{relative} is listed but missing");
                continue;
            }
            var actual = Digest(Path.Combine(directory, relative), file, algorithm, ct);
            if (!string.Equals(actual, hex, StringComparison.OrdinalIgnoreCase))
                problems.Add($"{ChecksumSidecars.Name(algorithm)} mismatch for {relative}: {Path.GetFileName(manifest)} says {hex}, "
                    + $"the file has {actual}");
        }
        if (listed == 0)
            return CheckResult.Fail($"checksum manifest {manifest} lists no {ChecksumSidecars.Name(algorithm)} digest");
        return problems.Count == 0
            ? CheckResult.Pass($"{listed} files match {manifest}")
            : CheckResult.Fail($"{problems.Count} of {listed} files listed in {manifest} fail: {string.Join("; ", problems.Take(3))}"
                + $"{(problems.Count > 3 ? "; …" : "")}");
    }

    private static (string Path, ChecksumAlgorithm Algorithm, bool Inside)? Find(string directory, DirectoryWalk walk, ChecksumMode mode)
    {
        foreach (var candidate in Candidates(directory, mode))
            if (candidate.Inside ? walk.Contains(Path.GetFileName(candidate.Path)) : File.Exists(candidate.Path))
                return candidate;
        return null;
    }

    private static IEnumerable<(string Path, ChecksumAlgorithm Algorithm, bool Inside)> Candidates(string directory, ChecksumMode mode)
    {
        var trimmed = Path.TrimEndingDirectorySeparator(directory);
        if (mode is ChecksumMode.Auto or ChecksumMode.Sha256)
        {
            yield return (Path.Combine(trimmed, "SHA256SUMS"), ChecksumAlgorithm.Sha256, true);
            yield return (trimmed + ".sha256", ChecksumAlgorithm.Sha256, false);
        }
        if (mode is ChecksumMode.Auto or ChecksumMode.Md5)
        {
            yield return (Path.Combine(trimmed, "MD5SUMS"), ChecksumAlgorithm.Md5, true);
            yield return (trimmed + ".md5", ChecksumAlgorithm.Md5, false);
        }
    }

    /// <summary>A manifest beside the directory names files with the directory's name in front.</summary>
    private static string Relative(string listed, string directoryName, bool inside)
    {
        var path = listed.Replace('\\', '/');
        if (path.StartsWith("./", StringComparison.Ordinal))
            path = path[2..];
        if (!inside && path.StartsWith(directoryName + "/", StringComparison.Ordinal))
            path = path[(directoryName.Length + 1)..];
        return path;
    }

    private string Digest(string path, WalkedFile file, ChecksumAlgorithm algorithm, CancellationToken ct)
    {
        var key = (path, file.SizeBytes, file.ModifiedTicks, algorithm);
        if (_digests.TryGetValue(key, out var cached))
            return cached;
        using var hash = IncrementalHash.CreateHash(algorithm == ChecksumAlgorithm.Md5 ? HashAlgorithmName.MD5 : HashAlgorithmName.SHA256);
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete,
            Options = FileOptions.SequentialScan, BufferSize = 0,
        });
        var buffer = ReadBuffers.ForFile(stream.Length);
        try
        {
            int n;
            long total = 0;
            while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                ct.ThrowIfCancellationRequested();
                hash.AppendData(buffer, 0, n);
                total += n;
            }
            countBytesRead(total);
        }
        finally
        {
            ReadBuffers.Return(buffer);
        }
        return _digests[key] = Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
