namespace BackupExporter.Web.Security;

/// <summary>
/// What a set of files looks like now (modification time and size, or missing), to notice a change with a stat per
/// file rather than a read: cheap enough to check at every request and handshake, as exporter-toolkit re-reads.
/// </summary>
internal sealed record FileStamp(IReadOnlyList<(string Path, DateTime Modified, long Size)> Files)
{
    public static FileStamp Of(IEnumerable<string> paths) => new(paths.Select(path =>
    {
        var info = new FileInfo(path);
        return info.Exists ? (path, info.LastWriteTimeUtc, info.Length) : (path, DateTime.MinValue, -1L);
    }).ToList());

    public bool Equals(FileStamp? other) => other is not null && Files.SequenceEqual(other.Files);

    public override int GetHashCode() => Files.Count;
}
