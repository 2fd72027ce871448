using System.Text.Json.Serialization;

namespace BackupExporter.Inspection.Reverification;

/// <summary>
/// What the digest ledger knows of one file of a retained artifact (the dump itself, or one file of a backup
/// directory): its digest from the first full read, and the last re-read. Mutable, owned by one set's ledger.
/// </summary>
internal sealed class LedgerEntry
{
    /// <summary>The artifact the file belongs to: the file itself, or its backup directory.</summary>
    public string Artifact { get; set; } = "";

    public long Size { get; set; }

    /// <summary><c>sha256</c> or <c>md5</c>; null until the first full read.</summary>
    public string? Algorithm { get; set; }

    /// <summary>The digest of the first full read; null until then.</summary>
    public string? Digest { get; set; }

    public DateTimeOffset? FirstRead { get; set; }

    /// <summary>The newest full read that gave a digest (the first read counts): the file's last verification.</summary>
    public DateTimeOffset? LastRead { get; set; }

    /// <summary>The digest of the newest read when it differs from <see cref="Digest"/>: evidence of change; else null.</summary>
    public string? ChangedDigest { get; set; }

    /// <summary>When a read first gave <see cref="ChangedDigest"/>.</summary>
    public DateTimeOffset? ChangedAt { get; set; }

    /// <summary>When the artifact was first listed with this file, and when last.</summary>
    public DateTimeOffset FirstSeen { get; set; }

    public DateTimeOffset LastSeen { get; set; }

    /// <summary>The tool's own record of when the artifact was made, where it has one: another one is another artifact.</summary>
    public DateTimeOffset? RecordedTime { get; set; }

    /// <summary>Reads in a row during which the file changed (not judged; retried at the next round).</summary>
    public int Unsettled { get; set; }

    /// <summary>Why the last re-read failed (permission, I/O error); null when it did not.</summary>
    public string? Problem { get; set; }

    /// <summary>The last verification: the newest full read, or when first seen when never read (for the oldest age).</summary>
    [JsonIgnore]
    public DateTimeOffset VerifiedOrSeen => LastRead ?? FirstSeen;

    [JsonIgnore]
    public bool Changed => ChangedDigest is not null;
}
