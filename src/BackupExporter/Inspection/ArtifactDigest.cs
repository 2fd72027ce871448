namespace BackupExporter.Inspection;

/// <summary>
/// The digest of a whole file as one full read computed it, and when: what a later read of the same file must give
/// again. <see cref="Algorithm"/> is <c>sha256</c> or <c>md5</c> (the sidecar's, where the file has one).
/// </summary>
internal sealed record ArtifactDigest(string Algorithm, string Hex, DateTimeOffset ReadAt)
{
    public override string ToString() => $"{Algorithm} {Hex}";
}
