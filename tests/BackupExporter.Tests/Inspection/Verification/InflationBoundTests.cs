using BackupExporter.Decoding;
using BackupExporter.Inspection.Verification;

namespace BackupExporter.Tests.Inspection.Verification;

/// <summary>The ratios measured on real dumps pass; a crafted bomb's does not, once enough has inflated to judge.</summary>
public sealed class InflationBoundTests
{
    private const long MiB = 1L << 20;

    [Theory]
    [InlineData("Gzip", 500, true)] // a table of one repeated row, gzip -9
    [InlineData("Gzip", 1_000, true)]
    [InlineData("Gzip", 1_030, false)] // deflate's maximum: 1 GiB of zeros, gzip -9
    [InlineData("Zstd", 10_300, true)] // the same table, zstd --ultra -22
    [InlineData("Zstd", 40_000, false)]
    public void Judges_the_ratio(string format, long ratio, bool passes)
    {
        var compression = Enum.Parse<CompressionFormat>(format);
        var problem = InflationBound.Exceeded(compression, MiB, ratio * MiB);
        Assert.Equal(passes, problem is null);
        if (!passes)
            Assert.StartsWith($"inflates {ratio:N0}:1 ({ratio * MiB:N0} bytes from the first 1,048,576), more than the ", problem);
    }

    [Fact]
    public void A_small_stream_is_not_judged() =>
        Assert.Null(InflationBound.Exceeded(CompressionFormat.Gzip, 1, InflationBound.JudgedFrom - 1));
}
