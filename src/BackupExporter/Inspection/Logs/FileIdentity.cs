using System.IO.Hashing;
using BackupExporter.Platform;
using Microsoft.Win32.SafeHandles;

namespace BackupExporter.Inspection.Logs;

/// <summary>
/// Which file a log offset belongs to: device and inode (from statx, when available) and a hash of the file's first
/// bytes. The inode tells a renamed-away file from its successor at once; the fingerprint catches what the inode
/// cannot: a file deleted and recreated under a reused inode number (ext4 and tmpfs reuse them quickly), a file
/// rewritten in place, and every case where statx is not available.
/// </summary>
internal sealed record FileIdentity(ulong? Device, ulong? Inode, int FingerprintLength, ulong Fingerprint)
{
    /// <summary>Enough to differ between two logs whose lines start alike (a marker, then a pid and a time).</summary>
    public const int MaxFingerprintBytes = 256;

    public static FileIdentity Of(FileStat stat, ReadOnlySpan<byte> head) => new(
        stat.Available && stat.Exists ? stat.Device : null,
        stat.Available && stat.Exists ? stat.Inode : null,
        head.Length,
        XxHash64.HashToUInt64(head));

    /// <summary>True or false when both inodes are known; null when either is not.</summary>
    public bool? SameInode(FileStat stat) =>
        Inode is { } inode && Device is { } device && stat.Available && stat.Exists ? inode == stat.Inode && device == stat.Device : null;

    /// <summary>Whether a file whose first bytes are <paramref name="head"/> starts as this one did.</summary>
    public bool StartsLike(ReadOnlySpan<byte> head) =>
        head.Length >= FingerprintLength && XxHash64.HashToUInt64(head[..FingerprintLength]) == Fingerprint;

    /// <summary>The file's first <see cref="MaxFingerprintBytes"/> bytes, or fewer in a shorter file.</summary>
    public static byte[] ReadHead(SafeFileHandle handle)
    {
        var head = new byte[MaxFingerprintBytes];
        var total = 0;
        while (total < head.Length)
        {
            var n = RandomAccess.Read(handle, head.AsSpan(total), total);
            if (n == 0)
                break;
            total += n;
        }
        return head[..total];
    }
}
