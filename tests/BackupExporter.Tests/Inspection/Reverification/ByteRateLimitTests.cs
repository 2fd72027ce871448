using System.Diagnostics;
using BackupExporter.Inspection.Reverification;

namespace BackupExporter.Tests.Inspection.Reverification;

/// <summary>The token bucket on the read path: bytes over time stay within the rate plus one chunk.</summary>
public sealed class ByteRateLimitTests
{
    [Fact]
    public void ChunksTakenFasterThanTheRateWaitForIt()
    {
        var limit = new ByteRateLimit(1L << 20, TimeProvider.System);
        var watch = Stopwatch.StartNew();
        long taken = 0;
        while (taken < 3L << 20)
        {
            limit.Take(limit.ChunkBytes, CancellationToken.None);
            taken += limit.ChunkBytes;
            // At no moment more than the rate allows plus one chunk.
            Assert.True(taken <= (watch.Elapsed.TotalSeconds * (1 << 20)) + limit.ChunkBytes + limit.ChunkBytes,
                $"{taken} bytes after {watch.Elapsed}");
        }
        Assert.InRange(watch.Elapsed.TotalSeconds, 2.7, 4.5);
        Assert.Equal(taken, limit.Taken);
        Assert.Equal(128 * 1024, limit.ChunkBytes);
    }

    [Fact]
    public void IdleTimeIsNotSavedUpForABurst()
    {
        var limit = new ByteRateLimit(1L << 20, TimeProvider.System);
        Thread.Sleep(500);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 8; i++)
            limit.Take(128 * 1024, CancellationToken.None);
        Assert.True(watch.Elapsed.TotalSeconds >= 0.9, $"a second's worth took {watch.Elapsed}");
    }
}
