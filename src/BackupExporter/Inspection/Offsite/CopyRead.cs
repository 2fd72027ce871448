using System.Text.Json.Serialization;

namespace BackupExporter.Inspection.Offsite;

/// <summary>
/// What <c>verify: download</c> knows of one remote object: its identity when read (modtime, size), the digest of its
/// first download and whether that matched the local file, and the newest re-read (a digest other than the first is
/// evidence that the remote copy changed). Mutable, owned by one remote's <see cref="DownloadCheck"/>.
/// </summary>
internal sealed class CopyRead
{
    public DateTimeOffset? ModTime { get; set; }

    public long Size { get; set; }

    /// <summary>The sha256 of the first download.</summary>
    public string Digest { get; set; } = "";

    /// <summary>Whether the first download matched the local file.</summary>
    public bool Matches { get; set; }

    public DateTimeOffset FirstRead { get; set; }

    /// <summary>The newest download (the first counts): the copy's last verification.</summary>
    public DateTimeOffset LastRead { get; set; }

    /// <summary>The digest of the newest re-read when it differs from <see cref="Digest"/>; else null.</summary>
    public string? ChangedDigest { get; set; }

    /// <summary>When a re-read first gave <see cref="ChangedDigest"/>.</summary>
    public DateTimeOffset? ChangedAt { get; set; }

    /// <summary>The object listed now is the one that was read (another modtime or size: uploaded again).</summary>
    public bool Is(RemoteObject remote) => ModTime == remote.ModTime && Size == remote.Size;

    [JsonIgnore]
    public bool Good => Matches && ChangedDigest is null;
}
