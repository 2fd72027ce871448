namespace BackupExporter.Inspection.Offsite;

/// <summary>
/// <c>verify: download</c>: reads remote objects back through <c>rclone cat</c> and compares their bytes with the local
/// file's, at most a budget per round, newest first. A verdict is kept per object identity on the remote (path,
/// modtime, size), so that an object already read is not downloaded again until it changes.
/// </summary>
internal sealed class DownloadCheck(Func<string, Func<Stream, CancellationToken, Task>, CancellationToken, Task<RcloneResult>> cat)
{
    public const string HashType = "sha256";

    private readonly Dictionary<(string Path, DateTimeOffset? ModTime, long Size), bool> _verdicts = new();

    public long Budget { get; set; }

    public long DownloadedThisRound { get; private set; }

    public int Skipped { get; private set; }

    public void StartRound(long budget)
    {
        Budget = budget;
        DownloadedThisRound = 0;
        Skipped = 0;
    }

    /// <returns>true when the remote bytes match, false when they differ, null when not read this round (budget spent)</returns>
    public async Task<bool?> MatchesAsync(RemoteObject remote, string localHash, CancellationToken cancellationToken)
    {
        var key = (remote.Path, remote.ModTime, remote.Size);
        if (_verdicts.TryGetValue(key, out var known))
            return known;
        if (DownloadedThisRound + remote.Size > Budget)
        {
            Skipped++;
            return null;
        }
        string? remoteHash = null;
        long read = 0;
        var result = await cat(remote.Path, async (stdout, token) =>
        {
            var counting = new CountingStream(stdout);
            remoteHash = await LocalHashes.ComputeAsync(counting, HashType, _ => { }, token);
            read = counting.Count;
        }, cancellationToken);
        DownloadedThisRound += read;
        if (!result.Ok)
            throw new OffsiteException(result.Describe("cat " + remote.Path));
        var matches = remoteHash == localHash;
        _verdicts[key] = matches;
        return matches;
    }

    /// <summary>Forgets objects no longer on the remote.</summary>
    public void Retain(IReadOnlyDictionary<string, RemoteObject> objects)
    {
        foreach (var key in _verdicts.Keys.Where(k => !objects.ContainsKey(k.Path)).ToList())
            _verdicts.Remove(key);
    }

    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Count { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Count; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Counted(await inner.ReadAsync(buffer, cancellationToken));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Counted(int read)
        {
            Count += read;
            return read;
        }
    }
}

/// <summary>An rclone call failed in a way that makes the round's result unknown; the message is already redacted.</summary>
internal sealed class OffsiteException(string message) : Exception(message);
