using BackupExporter.Restore.Logical;

namespace BackupExporter.Tests.Restore.Logical;

/// <summary>The end of a client's stderr, bounded: a statement echoed whole cannot fill memory, the ERROR line after it is kept.</summary>
public sealed class ByteTailTests
{
    [Fact]
    public void Short_output_is_kept_whole()
    {
        var tail = new ByteTail(64);
        tail.Add("ERROR 1064"u8);
        tail.Add(" (42000)\n"u8);

        Assert.Equal("ERROR 1064 (42000)\n", tail.Text());
    }

    [Fact]
    public void Only_the_last_bytes_of_a_long_echo_are_kept_in_order()
    {
        var tail = new ByteTail(16);
        tail.Add(new string('x', 100_000).Select(c => (byte)c).ToArray()); // larger than the tail in one chunk
        tail.Add("0123456789"u8);
        tail.Add("\nERROR\n"u8); // wraps around the ring

        Assert.Equal("123456789\nERROR\n", tail.Text());
    }
}
