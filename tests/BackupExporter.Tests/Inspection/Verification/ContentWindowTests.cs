using BackupExporter.Inspection.Verification;

namespace BackupExporter.Tests.Inspection.Verification;

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
        var window = Fed(content, chunk);

        Assert.Equal(length, window.TotalBytes);
        Assert.Equal(content.AsSpan(0, Math.Min(length, ContentWindow.HeadSize)).ToArray(), window.Head());
        Assert.Equal(content.AsSpan(length - Math.Min(length, ContentWindow.TailSize)).ToArray(), window.Tail());
    }

    [Fact]
    public void A_small_dump_costs_about_its_size_not_the_whole_head_and_tail()
    {
        // A window per verified artifact: 68 KiB each for 300 dumps of 3 KB was 20-35 MB of garbage in a first round.
        var content = Content(3_300);
        Fed(content, 1_000); // warm up: the first call may allocate for the JIT

        var before = GC.GetAllocatedBytesForCurrentThread();
        var window = Fed(content, 1_000);
        var head = window.Head();
        var tail = window.Tail();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(3_300, head.Length);
        Assert.Equal(3_300, tail.Length);
        // The window, a head buffer of 4 KiB, the two results: far below the 68 KiB the fixed buffers took.
        Assert.InRange(allocated, 2 * 3_300, 16 * 1024);
    }

    [Fact]
    public void A_large_dump_holds_no_more_than_the_head_and_tail()
    {
        var content = Content(4_000_000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var window = Fed(content, 1_048_576);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(content.AsSpan(0, ContentWindow.HeadSize).ToArray(), window.Head());
        // The head grows to its full size at most once per doubling, the ring is made once.
        Assert.InRange(allocated, ContentWindow.HeadSize + ContentWindow.TailSize, 2 * ContentWindow.HeadSize + ContentWindow.TailSize + 1_024);
    }
}
