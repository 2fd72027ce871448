using System.Buffers;
using BackupExporter.Metrics;

namespace BackupExporter.Tests.Metrics;

public sealed class ScrapeChunksTests
{
    [Fact]
    public void A_buffer_given_back_is_taken_again_empty()
    {
        var chunks = new ScrapeChunks();
        var first = chunks.Take();
        first.Write(new byte[100]);
        chunks.GiveBack(first);

        var again = chunks.Take();

        Assert.Same(first, again);
        Assert.Equal(0, again.WrittenCount);
        Assert.True(again.FreeCapacity >= 2 * ScrapeChunks.ChunkBytes);
    }

    [Fact]
    public void Scrapes_at_once_each_get_their_own_and_at_most_a_few_are_kept()
    {
        var chunks = new ScrapeChunks();
        var taken = Enumerable.Range(0, ScrapeChunks.MaxIdle + 2).Select(_ => chunks.Take()).ToList();
        Assert.Equal(taken.Count, taken.Distinct().Count());
        foreach (var chunk in taken)
            chunks.GiveBack(chunk);

        var kept = Enumerable.Range(0, ScrapeChunks.MaxIdle + 2).Select(_ => chunks.Take()).ToList();

        Assert.Equal(ScrapeChunks.MaxIdle, kept.Count(taken.Contains));
    }
}
