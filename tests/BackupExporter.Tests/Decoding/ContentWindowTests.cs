using BackupExporter.Decoding;

namespace BackupExporter.Tests.Decoding;

public sealed class ContentWindowTests
{
    private static byte[] Content(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 7 + i / 251)).ToArray();

    /// <summary>Feeds <paramref name="content"/> in chunks of <paramref name="chunk"/> bytes, as a decoder would.</summary>
    private static ContentWindow Fed(byte[] content, int chunk)
    {
        var window = new ContentWindow();
        for (var at = 0; at < content.Length; at += chunk)
            window.Append(content.AsSpan(at, Math.Min(chunk, content.Length - at)));
        return window;
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(3_300, 1_000)]
    [InlineData(ContentWindow.TailSize, 4_096)]
    [InlineData(ContentWindow.HeadSize, 65_536)]
    [InlineData(ContentWindow.HeadSize + 1, 65_536)]
    [InlineData(ContentWindow.HeadSize + 1, 7)]
    [InlineData(ContentWindow.HeadSize + 3_000, 65_000)] // the first chunk past the head straddles its end
    [InlineData(ContentWindow.HeadSize + ContentWindow.TailSize - 1, 1_048_576)] // all in one chunk
    [InlineData(1_000_000, 262_144)]
    [InlineData(1_000_000, 4_093)] // chunks that are no divisor of the ring
    public void Keeps_the_first_and_the_last_bytes_of_any_length_in_any_chunks(int length, int chunk)
    {
        var content = Content(length);
        using var window = Fed(content, chunk);

        Assert.Equal(length, window.TotalBytes);
        Assert.Equal(content.AsSpan(0, Math.Min(length, ContentWindow.HeadSize)).ToArray(), window.Head());
        Assert.Equal(content.AsSpan(length - Math.Min(length, ContentWindow.TailSize)).ToArray(), window.Tail());
    }

    [Fact]
    public void Windows_one_after_another_reuse_their_buffers_and_allocate_little_more_than_their_results()
    {
        // A window per verified artifact: fixed 68 KiB buffers each for 30,000 dumps of 3 KB were gigabytes of garbage
        // in a first round. Disposed windows give them back to ReadBuffers, so the next window takes the same ones.
        const int windows = 100;
        var content = Content(3_300);
        using (Fed(content, 1_000)) { } // warm up: the JIT, and the pool's first buffers

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < windows; i++)
        {
            using var window = Fed(content, 1_000);
            Assert.Equal(3_300, window.Head().Length);
            Assert.Equal(3_300, window.Tail().Length);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Each window's two results and the window itself, plus a few fresh buffers should another test on another
        // thread hold the pooled ones for a moment; without the buffers' return it would be 100 x 68 KiB.
        var bound = windows * (2 * 3_300 + 512) + 4 * (ContentWindow.HeadSize + ContentWindow.TailSize);
        Assert.InRange(allocated, windows * 2 * 3_300, bound);
    }

    [Fact]
    public void A_large_dump_holds_no_more_than_the_head_and_tail()
    {
        var content = Content(4_000_000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        using var window = Fed(content, 1_048_576);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(content.AsSpan(0, ContentWindow.HeadSize).ToArray(), window.Head());
        Assert.Equal(content.AsSpan(content.Length - ContentWindow.TailSize).ToArray(), window.Tail());
        // At most one head and one tail buffer, whatever the length: the content itself is never kept.
        Assert.InRange(allocated, 0, ContentWindow.HeadSize + ContentWindow.TailSize + 1_024);
    }
}
