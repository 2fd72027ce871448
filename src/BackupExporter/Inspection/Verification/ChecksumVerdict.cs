namespace BackupExporter.Inspection.Verification;

/// <summary>
/// The <c>checksum</c> check of any artifact read in one pass: the digest the read computed against the one its
/// sidecar or manifest names. Whatever the artifact's kind, the verdict and its wording are the same.
/// </summary>
internal static class ChecksumVerdict
{
    /// <param name="sidecar">what the lookup of the artifact's sidecar found</param>
    /// <param name="actualHexDigest">the digest of the read, of the algorithm the sidecar names; null when none was computed</param>
    public static CheckResult Judge(SidecarLookup sidecar, string? actualHexDigest)
    {
        if (sidecar.Problem is not null)
            return CheckResult.Fail(sidecar.Problem);
        if (sidecar.Expected is not { } expected)
            return CheckResult.FixedPass("no sidecar");
        var algorithm = ChecksumSidecars.Name(expected.Algorithm);
        return string.Equals(expected.HexDigest, actualHexDigest, StringComparison.OrdinalIgnoreCase)
            ? CheckResult.Pass($"{algorithm} matches {expected.SourcePath}")
            : CheckResult.Fail($"{algorithm} mismatch: {expected.SourcePath} says {expected.HexDigest}, the file has {actualHexDigest}");
    }
}
