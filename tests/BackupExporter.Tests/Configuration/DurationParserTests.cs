using BackupExporter.Configuration;

namespace BackupExporter.Tests.Configuration;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("0s", 0)]
    [InlineData("90s", 90_000)]
    [InlineData("250ms", 250)]
    [InlineData("30m", 1_800_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("7d", 604_800_000)]
    [InlineData("1w", 604_800_000)]
    [InlineData("1y", 31_536_000_000)]
    [InlineData("1y2w3d4h5m6s7ms", 31_536_000_000 + 1_209_600_000 + 259_200_000 + 14_400_000 + 300_000 + 6_000 + 7)]
    [InlineData("120m", 7_200_000)]
    public void Parses(string text, long milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var value, out var problem), problem);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("60", "\"60\" has no unit; add one, e.g. 60s (units: ms, s, m, h, d, w, y)")]
    [InlineData("0", "\"0\" has no unit; add one, e.g. 0s (units: ms, s, m, h, d, w, y)")]
    [InlineData("-5m", "\"-5m\" is negative; a duration must be 0 or more")]
    [InlineData("", "\"\" is not a duration (use e.g. 90s, 30m, 2h, 7d)")]
    [InlineData("2x", "\"2x\" is not a duration (use e.g. 90s, 30m, 2h, 7d)")]
    [InlineData("1.5h", "\"1.5h\" is not a duration (use e.g. 90s, 30m, 2h, 7d)")]
    [InlineData("30m1h", "\"30m1h\" is not a duration (use e.g. 90s, 30m, 2h, 7d)")]
    [InlineData("1h1h", "\"1h1h\" is not a duration (use e.g. 90s, 30m, 2h, 7d)")]
    [InlineData("1H", "\"1H\" is not a duration (use e.g. 90s, 30m, 2h, 7d)")]
    [InlineData("1h 30m", "\"1h 30m\" is not a duration (use e.g. 90s, 30m, 2h, 7d)")]
    [InlineData("h", "\"h\" is not a duration (use e.g. 90s, 30m, 2h, 7d)")]
    [InlineData("99999999999y", "\"99999999999y\" is too long (at most 100y)")]
    [InlineData("101y", "\"101y\" is too long (at most 100y)")]
    [InlineData("99999999999999999999999s", "\"99999999999999999999999s\" is too long (at most 100y)")]
    [InlineData("100y1ms", "\"100y1ms\" is too long (at most 100y)")]
    public void RejectsWithAReason(string text, string expected)
    {
        Assert.False(DurationParser.TryParse(text, out _, out var problem));
        Assert.Equal(expected, problem);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(5_400_000, "1h30m")]
    [InlineData(604_800_000, "1w")]
    [InlineData(691_200_000, "1w1d")]
    [InlineData(1_500, "1s500ms")]
    [InlineData(-60_000, "-1m")]
    public void FormatsLikePrometheusAndParsesBack(long milliseconds, string expected)
    {
        var value = TimeSpan.FromMilliseconds(milliseconds);
        Assert.Equal(expected, DurationParser.Format(value));
        if (milliseconds >= 0)
        {
            Assert.True(DurationParser.TryParse(expected, out var back, out _));
            Assert.Equal(value, back);
        }
    }

    [Theory]
    [InlineData("7w", true)]
    [InlineData("49d", true)]
    [InlineData("49d1ms", false)]
    [InlineData("60d", false)]
    [InlineData("100y", false)]
    public void A_timer_waits_at_most_49_days(string text, bool accepted)
    {
        Assert.True(DurationParser.TryParse(text, out _, out _));
        Assert.Equal(accepted, DurationParser.TryParseTimer(text, out _, out var problem));
        if (!accepted)
            Assert.Equal($"\"{text}\" is too long for an interval or a timeout (at most 7w)", problem);
    }
}
