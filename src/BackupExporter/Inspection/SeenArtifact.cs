namespace BackupExporter.Inspection;

/// <summary>
/// What the exporter remembers of one artifact it has seen: enough to say, after a restart too, that a good artifact
/// has gone and when it was last there. <see cref="GoneAt"/> is set once it is noticed missing while newer ones exist;
/// <see cref="OutOfOrder"/> then says whether an older artifact was still retained (a gap, not the oldest rotated away).
/// </summary>
internal sealed record SeenArtifact(string Path, long SizeBytes, DateTimeOffset Time, bool Good, DateTimeOffset LastSeen)
{
    public DateTimeOffset? GoneAt { get; init; }

    public bool OutOfOrder { get; init; }

    public string Name => System.IO.Path.GetFileName(Path);
}
