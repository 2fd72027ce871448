using System.Text.RegularExpressions;
using BackupExporter.Configuration;

namespace BackupExporter.Inspection.Verification;

internal enum ChecksumAlgorithm { Md5, Sha256 }

/// <summary>The digest an artifact should have, and the file that says so.</summary>
internal sealed record ExpectedChecksum(ChecksumAlgorithm Algorithm, string HexDigest, string SourcePath);

/// <summary>What the sidecar search found: an expected digest, a problem (the check fails), or neither.</summary>
internal sealed record SidecarLookup(ExpectedChecksum? Expected, string? Problem);

/// <summary>
/// Finds the checksum an artifact should match: <c>&lt;file&gt;.sha256</c>, <c>&lt;file&gt;.md5</c>, or a line of
/// <c>SHA256SUMS</c> / <c>MD5SUMS</c> beside it, in the formats of coreutils (<c>HASH  name</c>, <c>HASH *name</c>,
/// a bare hash) and BSD (<c>SHA256 (name) = HASH</c>).
/// </summary>
internal static partial class ChecksumSidecars
{
    private const long MaxSidecarBytes = 1024 * 1024;
    private const long MaxManifestBytes = 64L * 1024 * 1024;

    private sealed record Source(ChecksumAlgorithm Algorithm, string Path, bool IsManifest);

    public static string Name(ChecksumAlgorithm algorithm) => algorithm == ChecksumAlgorithm.Md5 ? "md5" : "sha256";

    public static SidecarLookup Find(string artifactPath, ChecksumMode mode)
    {
        if (mode == ChecksumMode.None)
            return new SidecarLookup(null, null);
        var directory = Path.GetDirectoryName(artifactPath) ?? ".";
        var name = Path.GetFileName(artifactPath);
        var sources = Candidates(artifactPath, directory, mode).ToList();

        foreach (var source in sources)
        {
            if (!File.Exists(source.Path))
                continue;
            try
            {
                var size = new FileInfo(source.Path).Length;
                if (size > (source.IsManifest ? MaxManifestBytes : MaxSidecarBytes))
                    return new SidecarLookup(null, $"checksum file {source.Path} is too large ({size} bytes) to be a checksum list");
                var digest = source.IsManifest ? FromManifest(source, name) : FromSidecar(source, name);
                if (digest.Problem is not null)
                {
                    if (source.IsManifest && digest.Problem.StartsWith("no line", StringComparison.Ordinal) && mode == ChecksumMode.Auto)
                        continue; // a manifest that does not list this file is not this file's sidecar
                    return new SidecarLookup(null, digest.Problem);
                }
                return new SidecarLookup(new ExpectedChecksum(source.Algorithm, digest.Hex!, source.Path), null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new SidecarLookup(null, $"cannot read checksum file {source.Path}: "
                    + $"{(e is UnauthorizedAccessException ? "permission denied" : e.Message)}");
            }
        }

        return mode == ChecksumMode.Auto
            ? new SidecarLookup(null, null)
            : new SidecarLookup(null, $"no checksum sidecar: looked for {Enumerate(sources.Select(s => s.Path).ToList())}");
    }

    private static IEnumerable<Source> Candidates(string artifactPath, string directory, ChecksumMode mode)
    {
        if (mode is ChecksumMode.Auto or ChecksumMode.Sha256)
            yield return new Source(ChecksumAlgorithm.Sha256, artifactPath + ".sha256", false);
        if (mode is ChecksumMode.Auto or ChecksumMode.Md5)
            yield return new Source(ChecksumAlgorithm.Md5, artifactPath + ".md5", false);
        if (mode is ChecksumMode.Auto or ChecksumMode.Sha256)
            yield return new Source(ChecksumAlgorithm.Sha256, Path.Combine(directory, "SHA256SUMS"), true);
        if (mode is ChecksumMode.Auto or ChecksumMode.Md5)
            yield return new Source(ChecksumAlgorithm.Md5, Path.Combine(directory, "MD5SUMS"), true);
    }

    private static (string? Hex, string? Problem) FromSidecar(Source source, string artifactName)
    {
        var lines = ReadLines(source.Path);
        if (lines.Count == 0)
            return (null, $"checksum file {source.Path} is empty");
        // A per-file sidecar usually holds one line; if it lists several files, take this file's.
        var parsed = lines.Select(l => Parse(l, source.Algorithm)).ToList();
        var mine = parsed.FirstOrDefault(p => p.Hex is not null && (p.Name is null || SameFile(p.Name, artifactName)));
        if (mine.Hex is not null)
            return (mine.Hex, null);
        return parsed.Any(p => p.Hex is not null)
            ? (null, $"checksum file {source.Path} does not name {artifactName}")
            : (null, $"checksum file {source.Path} holds no {Name(source.Algorithm)} digest (line 1: \"{Shorten(lines[0])}\")");
    }

    private static (string? Hex, string? Problem) FromManifest(Source source, string artifactName)
    {
        var lines = ReadLines(source.Path);
        for (var i = 0; i < lines.Count; i++)
        {
            var (hex, name) = Parse(lines[i], source.Algorithm);
            if (hex is not null && name is not null && SameFile(name, artifactName))
                return (hex, null);
        }
        return (null, $"no line for {artifactName} in {source.Path}");
    }

    internal static List<string> ReadLines(string path) =>
        File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

    internal static (string? Hex, string? Name) Parse(string line, ChecksumAlgorithm algorithm)
    {
        var length = algorithm == ChecksumAlgorithm.Md5 ? 32 : 64;
        var bsd = BsdLine().Match(line);
        if (bsd.Success)
            return bsd.Groups["hex"].Length == length ? (bsd.Groups["hex"].Value.ToLowerInvariant(),
                bsd.Groups["name"].Value) : (null, null);
        var gnu = CoreutilsLine().Match(line);
        if (gnu.Success && gnu.Groups["hex"].Length == length)
        {
            var name = gnu.Groups["name"].Success ? gnu.Groups["name"].Value : null;
            return (gnu.Groups["hex"].Value.ToLowerInvariant(), string.IsNullOrEmpty(name) ? null : name);
        }
        return (null, null);
    }

    // A sidecar written as `sha256sum /backup/x.sql.gz > x.sql.gz.sha256` names the file with its directory.
    private static bool SameFile(string listedName, string artifactName) =>
        listedName == artifactName || Path.GetFileName(listedName.Replace('\\', '/')) == artifactName;

    private static string Enumerate(List<string> items) =>
        items.Count < 2 ? string.Concat(items) : string.Join(", ", items[..^1]) + " and " + items[^1];

    private static string Shorten(string line) => line.Length > 80 ? line[..80] + "…" : line;

    [GeneratedRegex(@"^(?<hex>[0-9a-fA-F]+)(?:\s+\*?(?<name>.+))?$")]
    private static partial Regex CoreutilsLine();

    [GeneratedRegex(@"^(?:SHA256|MD5)\s*\((?<name>.+)\)\s*=\s*(?<hex>[0-9a-fA-F]+)$")]
    private static partial Regex BsdLine();
}
