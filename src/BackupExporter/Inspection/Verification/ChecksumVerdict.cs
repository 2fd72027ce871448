namespace BackupExporter.Inspection.Verification;

/// <summary>
/// The <c>checksum</c> check of any artifact read in one pass: the digest the read computed against the one its
/// sidecar or manifest names. Whatever the artifact's kind, the verdict and its wording are the same.
/// </summary>
internal static class ChecksumVerdict
{
    /// <param name="sidecar">what the lookup of the artifact's sidecar found</param>
    /// <param name="actualHexDigest">the digest of the read, of the algorithm the sidecar names; null when none was computed</param>
    /// <param name="artifactPath">the path the artifact's observation keeps: a sidecar's pass refers to it, not to a copy</param>
    public static CheckResult Judge(SidecarLookup sidecar, string? actualHexDigest, string? artifactPath = null)
    {
        if (sidecar.Problem is not null)
            return CheckResult.Fail(sidecar.Problem);
        if (sidecar.Expected is not { } expected)
            return CheckResult.FixedPass("no sidecar");
        var algorithm = ChecksumSidecars.Name(expected.Algorithm);
        if (actualHexDigest is null)
            return CheckResult.Fail($"not verified against {expected.SourcePath}: the file was not read to its end");
        if (!string.Equals(expected.HexDigest, actualHexDigest, StringComparison.OrdinalIgnoreCase))
            return CheckResult.Fail($"{algorithm} mismatch: {expected.SourcePath} says {expected.HexDigest}, the file "
                + $"has {actualHexDigest}");
        return artifactPath is not null && expected.SourcePath.StartsWith(artifactPath, StringComparison.Ordinal)
            ? CheckResult.Pass(algorithm + " matches ", artifactPath, expected.SourcePath[artifactPath.Length..])
            : CheckResult.Pass($"{algorithm} matches {expected.SourcePath}");
    }
}
