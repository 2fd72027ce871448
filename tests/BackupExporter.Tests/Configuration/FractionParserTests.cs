using BackupExporter.Configuration;

namespace BackupExporter.Tests.Configuration;

public sealed class FractionParserTests
{
    [Theory]
    [InlineData("50%", 0.5)]
    [InlineData("0.5", 0.5)]
    [InlineData("99.9%", 0.999)]
    [InlineData("1%", 0.01)]
    public void Parses(string text, double expected)
    {
        Assert.True(FractionParser.TryParse(text, out var value, out var problem), problem);
        Assert.Equal(expected, value, 9);
    }

    [Theory]
    [InlineData("0%", "\"0%\" must be more than 0% and less than 100%")]
    [InlineData("100%", "\"100%\" must be more than 0% and less than 100%")]
    [InlineData("1", "\"1\" must be more than 0% and less than 100%")]
    [InlineData("-10%", "\"-10%\" must be more than 0% and less than 100%")]
    [InlineData("50", "\"50\" is more than 1; write a percentage with % (e.g. 50%) or a fraction (e.g. 0.5)")]
    [InlineData("half", "\"half\" is not a percentage or a fraction (use e.g. 50% or 0.5)")]
    public void RejectsWithAReason(string text, string expected)
    {
        Assert.False(FractionParser.TryParse(text, out _, out var problem));
        Assert.Equal(expected, problem);
    }

    [Fact]
    public void FormatsAsPercentage() => Assert.Equal("12.5%", FractionParser.Format(0.125));
}
