using BackupExporter.Configuration;

namespace BackupExporter.Tests.Configuration;

public sealed class DidYouMeanTests
{
    private static readonly string[] Keys = ["name", "server", "kind", "path", "pattern", "schedule", "grace",
        "min_size", "max_shrink", "log"];

    [Theory]
    [InlineData("shedule", "schedule")]
    [InlineData("Schedule", "schedule")]
    [InlineData("SCHEDULE", "schedule")]
    [InlineData("paht", "path")]
    [InlineData("min-size", "min_size")]
    [InlineData("minSize", "min_size")]
    [InlineData("sched", "schedule")]
    [InlineData("servers", "server")]
    [InlineData("graceperiod", "grace")]
    [InlineData("colour", null)]
    [InlineData("ab", null)]
    [InlineData("", null)]
    public void Suggests(string input, string? expected) => Assert.Equal(expected, DidYouMean.Suggest(input, Keys));

    [Fact]
    public void HintIsEmptyWithoutASuggestion()
    {
        Assert.Equal("; did you mean \"kind\"?", DidYouMean.Hint("knid", Keys));
        Assert.Equal("", DidYouMean.Hint("colour", Keys));
    }

    [Theory]
    [InlineData("", "", 0)]
    [InlineData("abc", "", 3)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("flaw", "lawn", 2)]
    public void Distance(string a, string b, int expected) => Assert.Equal(expected, DidYouMean.Distance(a, b));
}
