using BackupExporter.Configuration;

namespace BackupExporter.Tests.Configuration;

public sealed class ByteSizeParserTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("123", 123)]
    [InlineData("512B", 512)]
    [InlineData("1KiB", 1024)]
    [InlineData("1 KiB", 1024)]
    [InlineData("1kib", 1024)]
    [InlineData("1.5MiB", 1_572_864)]
    [InlineData("1GiB", 1_073_741_824)]
    [InlineData("2TiB", 2_199_023_255_552)]
    public void Parses(string text, long bytes)
    {
        Assert.True(ByteSizeParser.TryParse(text, out var value, out var problem), problem);
        Assert.Equal(bytes, value);
    }

    [Theory]
    [InlineData("1MB", "\"1MB\" uses a decimal (SI) unit; use the IEC unit MiB instead, e.g. 1MiB (units: B, KiB, MiB, GiB, TiB)")]
    [InlineData("500kB", "\"500kB\" uses a decimal (SI) unit; use the IEC unit KiB instead, e.g. 500KiB (units: B, KiB, MiB, GiB, TiB)")]
    [InlineData("2G", "\"2G\" uses a decimal (SI) unit; use the IEC unit GiB instead, e.g. 2GiB (units: B, KiB, MiB, GiB, TiB)")]
    [InlineData("-1KiB", "\"-1KiB\" is negative; a size must be 0 or more")]
    [InlineData("-1", "\"-1\" is negative; a size must be 0 or more")]
    [InlineData("1.5", "\"1.5\" is not a whole number of bytes")]
    [InlineData("1XiB", "\"1XiB\" has an unknown unit \"XiB\" (units: B, KiB, MiB, GiB, TiB)")]
    [InlineData("big", "\"big\" is not a size (use e.g. 0, 512KiB, 1GiB; units: B, KiB, MiB, GiB, TiB)")]
    [InlineData("", "\"\" is not a size (use e.g. 0, 512KiB, 1GiB; units: B, KiB, MiB, GiB, TiB)")]
    [InlineData("99999999TiB", "\"99999999TiB\" is too large (at most 8388607TiB)")]
    [InlineData("99999999999999999999TiB", "\"99999999999999999999TiB\" is too large (at most 8388607TiB)")]
    [InlineData("9999999999999999999999999999999999999999tib",
        "\"9999999999999999999999999999999999999999tib\" is too large (at most 8388607tib)")]
    [InlineData("9223372036854775808", "\"9223372036854775808\" is too large (at most 9223372036854775807B)")]
    [InlineData("9007199254740992KiB", "\"9007199254740992KiB\" is too large (at most 9007199254740991KiB)")]
    public void RejectsWithAReason(string text, string expected)
    {
        Assert.False(ByteSizeParser.TryParse(text, out _, out var problem));
        Assert.Equal(expected, problem);
    }

    [Theory]
    [InlineData(0, "0B", "0B")]
    [InlineData(1536, "1536B", "1.5KiB")]
    [InlineData(1_048_576, "1MiB", "1MiB")]
    [InlineData(1_610_612_736, "1536MiB", "1.5GiB")]
    [InlineData(1_000_000, "1000000B", "976.56KiB")]
    public void Formats(long bytes, string exact, string human)
    {
        Assert.Equal(exact, ByteSizeParser.Format(bytes));
        Assert.Equal(human, ByteSizeParser.FormatHuman(bytes));
        Assert.True(ByteSizeParser.TryParse(exact, out var back, out _));
        Assert.Equal(bytes, back);
    }
}
