namespace BackupExporter.Inspection.Reverification;

/// <summary>
/// An artifact the ledger knew that is no longer listed: when it was last seen, and whether every read of it had
/// matched its first digest. Kept for a while (<see cref="DigestLedger.GoneKeptFor"/>), for the retention checks.
/// </summary>
internal sealed record GoneArtifact(string Path, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, bool Intact);
