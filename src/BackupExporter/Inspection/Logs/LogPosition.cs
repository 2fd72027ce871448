namespace BackupExporter.Inspection.Logs;

/// <summary>
/// Where reading of a log stopped: the file (<see cref="Identity"/>) and the byte <see cref="Offset"/> of the first
/// line not delivered yet. With <see cref="SkippingLongLine"/> the offset is inside a line longer than the cap, whose
/// start was delivered and whose rest is skipped up to its newline.
/// </summary>
internal sealed record LogPosition(string Path, FileIdentity Identity, long Offset, bool SkippingLongLine);
