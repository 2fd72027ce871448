namespace BackupExporter.Inspection.Reverification;

/// <summary>
/// A byte-rate limit on a read path: after each chunk the reader waits until the bytes taken so far are due at
/// <see cref="BytesPerSecond"/>. No credit is saved while idle, so over any window the bytes read stay within the
/// rate plus one chunk (<see cref="ChunkBytes"/>, an eighth of a second's worth).
/// </summary>
internal sealed class ByteRateLimit(long bytesPerSecond, TimeProvider clock)
{
    private long _due;
    private long _taken;

    public long BytesPerSecond { get; } = bytesPerSecond;

    /// <summary>The size of each read: small enough that one chunk is a small part of a second's allowance.</summary>
    public int ChunkBytes { get; } = (int)Math.Clamp(bytesPerSecond / 8, 16 * 1024, 1024 * 1024);

    /// <summary>Every byte taken since the start: the rotation's own accounting of what it read.</summary>
    public long Taken => Interlocked.Read(ref _taken);

    /// <summary>Counts <paramref name="bytes"/> just read, and waits until they are due.</summary>
    public void Take(long bytes, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref _taken, bytes);
        var now = clock.GetTimestamp();
        var start = Math.Max(now, _due);
        _due = start + (long)(bytes * (double)clock.TimestampFrequency / BytesPerSecond);
        var wait = clock.GetElapsedTime(now, _due);
        if (wait > TimeSpan.Zero && cancellationToken.WaitHandle.WaitOne(wait))
            cancellationToken.ThrowIfCancellationRequested();
    }
}
