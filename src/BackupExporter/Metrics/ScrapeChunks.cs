using System.Buffers;
using System.Collections.Concurrent;

namespace BackupExporter.Metrics;

/// <summary>
/// The buffers a scrape writes the exposition through, <see cref="ChunkBytes"/> at a time, kept for the next scrapes:
/// a few scrapes at once each take their own, and at most <see cref="MaxIdle"/> are kept. What it buys: a scrape of
/// 1,000 sets is 1.7 MB, and a buffer of the whole body, kept for good, grew by doubling whenever a round made the
/// body a few bytes longer; with chunks, 1,000 sets were 69.2–71.3 MB after their second round instead of 71.1–73.8 MB,
/// for about 0.3 ms more per scrape at the median (bench/HISTORY.md, "Rounds and scrapes that keep 1,000 sets at their
/// size after ready").
/// </summary>
internal sealed class ScrapeChunks
{
    /// <summary>How much a scrape gathers before it writes to the response.</summary>
    public const int ChunkBytes = 32 * 1024;

    /// <summary>The most buffers kept between scrapes.</summary>
    public const int MaxIdle = 4;

    private readonly ConcurrentQueue<ArrayBufferWriter<byte>> _idle = new();

    /// <summary>An empty buffer: a kept one, or a new one of twice <see cref="ChunkBytes"/> (a family's lines of one
    /// group may take it past the chunk before it is flushed).</summary>
    public ArrayBufferWriter<byte> Take()
    {
        var chunk = _idle.TryDequeue(out var kept) ? kept : new ArrayBufferWriter<byte>(2 * ChunkBytes);
        chunk.ResetWrittenCount();
        return chunk;
    }

    /// <summary>Keeps <paramref name="chunk"/> for a later scrape, unless <see cref="MaxIdle"/> are kept already.</summary>
    public void GiveBack(ArrayBufferWriter<byte> chunk)
    {
        if (_idle.Count < MaxIdle)
            _idle.Enqueue(chunk);
    }
}
