namespace BackupExporter.Inspection.Offsite;

/// <summary>
/// <c>verify: download</c>: reads remote objects back through <c>rclone cat</c> and compares their bytes with the local
/// file's, at most a budget per round, newest first. A verdict is kept per object identity on the remote (path,
/// modtime, size), so that an object already read is not downloaded again until it changes; with a re-verify
/// <see cref="Period"/>, copies last read a period ago or more are read again with what the budget leaves, oldest-verified
/// first, and one that gives another digest than its first download is a changed copy.
/// </summary>
internal sealed class DownloadCheck(Func<string, Func<Stream, CancellationToken, Task>, CancellationToken, Task<RcloneResult>> cat)
{
    public const string HashType = "sha256";

    private readonly Dictionary<string, CopyRead> _reads = new(StringComparer.Ordinal);
    private readonly List<RemoteObject> _due = [];
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public long Budget { get; set; }

    /// <summary>The set's re-verify period; null (reverify off): a copy read once is trusted until it changes.</summary>
    public TimeSpan? Period { get; set; }

    public long DownloadedThisRound { get; private set; }

    public int Skipped { get; private set; }

    /// <summary>Copies due for a re-read that the budget left for a later round.</summary>
    public int Deferred { get; private set; }

    /// <summary>Something was read or forgotten since <see cref="Saved"/>.</summary>
    public bool Dirty { get; private set; }

    public IReadOnlyDictionary<string, CopyRead> Reads => _reads;

    /// <summary>Reads saved before a restart.</summary>
    public void Restore(IReadOnlyDictionary<string, CopyRead> reads)
    {
        foreach (var (path, read) in reads)
            _reads[path] = read;
    }

    public void Saved() => Dirty = false;

    public void StartRound(long budget, DateTimeOffset? now = null)
    {
        Budget = budget;
        DownloadedThisRound = 0;
        Skipped = 0;
        Deferred = 0;
        _due.Clear();
        _now = now ?? DateTimeOffset.UtcNow;
    }

    /// <returns>true when the remote bytes match, false when they differ, null when not read this round (budget spent)</returns>
    public async Task<bool?> MatchesAsync(RemoteObject remote, string localHash, CancellationToken cancellationToken)
    {
        if (_reads.TryGetValue(remote.Path, out var known) && known.Is(remote))
        {
            if (Period is { } period && known.Matches && _now - known.LastRead >= period && !_due.Contains(remote))
                _due.Add(remote);
            return known.Good;
        }
        if (DownloadedThisRound + remote.Size > Budget)
        {
            Skipped++;
            return null;
        }
        var digest = await DownloadAsync(remote, cancellationToken);
        _reads[remote.Path] = new CopyRead
        {
            ModTime = remote.ModTime, Size = remote.Size, Digest = digest, Matches = digest == localHash, FirstRead = _now,
            LastRead = _now,
        };
        Dirty = true;
        return digest == localHash;
    }

    /// <summary>
    /// Reads again the copies found due during the round, oldest-verified first, with what the budget leaves.
    /// </summary>
    /// <returns>the paths of copies whose re-read gave another digest than their first download</returns>
    public async Task<IReadOnlyList<string>> RereadDueAsync(CancellationToken cancellationToken)
    {
        var changed = new List<string>();
        foreach (var remote in _due.OrderBy(r => _reads[r.Path].LastRead).ToList())
        {
            if (DownloadedThisRound + remote.Size > Budget)
            {
                Deferred++;
                continue;
            }
            var read = _reads[remote.Path];
            var digest = await DownloadAsync(remote, cancellationToken);
            read.LastRead = _now;
            Dirty = true;
            if (digest == read.Digest)
                (read.ChangedDigest, read.ChangedAt) = (null, null); // as first read again (put back from a copy)
            else
            {
                if (read.ChangedDigest != digest)
                    (read.ChangedDigest, read.ChangedAt) = (digest, _now);
                changed.Add(remote.Path);
            }
        }
        _due.Clear();
        return changed;
    }

    /// <summary>Why the copy at <paramref name="path"/> is no longer trusted: both digests, when each was read; null: it is.</summary>
    public string? Change(string path) =>
        _reads.TryGetValue(path, out var read) && read is { ChangedDigest: { } now, ChangedAt: { } at }
            ? $"{path}: the remote copy changed after it was verified: downloaded on {read.FirstRead.UtcDateTime:yyyy-MM-dd HH:mm:ss} "
                + $"UTC with {HashType} {read.Digest} (as the local file), downloaded again on {at.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC "
                + $"with {HashType} {now}"
            : null;

    /// <summary>Forgets objects no longer on the remote.</summary>
    public void Retain(IReadOnlyDictionary<string, RemoteObject> objects)
    {
        foreach (var path in _reads.Keys.Where(p => !objects.ContainsKey(p)).ToList())
        {
            _reads.Remove(path);
            Dirty = true;
        }
    }

    private async Task<string> DownloadAsync(RemoteObject remote, CancellationToken cancellationToken)
    {
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
        return remoteHash!;
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
