using System.Text.Json;

namespace BackupExporter.Inspection.Offsite;

/// <summary>One file on a remote, from <c>rclone lsjson</c>: its path under the remote's root, size, modtime and hash.</summary>
internal sealed record RemoteObject(string Path, long Size, DateTimeOffset? ModTime, string? Hash);

/// <summary>
/// The files of one remote, read from <c>rclone lsjson -R</c> as it streams: rclone writes one object per line, so a
/// listing of 10,000 objects is parsed line by line and never held as one document.
/// </summary>
internal sealed class RemoteListing
{
    private readonly Dictionary<string, RemoteObject> _objects = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, RemoteObject> Objects => _objects;

    public long Bytes { get; private set; }

    /// <summary>Whether any object carried a hash of the type asked for (crypt and most WebDAV servers give none).</summary>
    public bool AnyHash { get; private set; }

    public static async Task<RemoteListing> ReadAsync(Stream stdout, string? hashType, CancellationToken cancellationToken)
    {
        var listing = new RemoteListing();
        using var reader = new StreamReader(stdout, leaveOpen: true);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
            listing.Add(line, hashType);
        return listing;
    }

    /// <summary>Parses one line of lsjson's output; the brackets around the array and directories are skipped.</summary>
    public void Add(string line, string? hashType)
    {
        var text = line.AsSpan().Trim();
        if (text.EndsWith(","))
            text = text[..^1];
        if (text.Length < 2 || text[0] != '{')
            return;
        using var document = JsonDocument.Parse(text.ToString());
        var root = document.RootElement;
        if (root.TryGetProperty("IsDir", out var isDir) && isDir.ValueKind == JsonValueKind.True)
            return;
        var path = root.GetProperty("Path").GetString() ?? "";
        var size = root.TryGetProperty("Size", out var s) && s.TryGetInt64(out var value) ? value : -1;
        DateTimeOffset? modTime = root.TryGetProperty("ModTime", out var m) && m.ValueKind == JsonValueKind.String
            && m.TryGetDateTimeOffset(out var t) ? t : null;
        string? hash = null;
        if (hashType is not null && root.TryGetProperty("Hashes", out var hashes) && hashes.ValueKind == JsonValueKind.Object
            && hashes.TryGetProperty(hashType, out var h) && h.GetString() is { Length: > 0 } found)
        {
            hash = found.ToLowerInvariant();
            AnyHash = true;
        }
        _objects[path] = new RemoteObject(path, size, modTime, hash);
        if (size > 0)
            Bytes += size;
    }
}
