using BackupExporter.Configuration;

namespace BackupExporter.Tests.Configuration;

/// <summary><c>retention</c>: values read, no block means no promise, and each mistake at its line:column.</summary>
public sealed class RetentionConfigReaderTests
{
    [Fact]
    public void Reads_min_good_and_a_window_in_days()
    {
        var (config, errors) = ConfigLoader.Parse(
            """
            backups:
              - {name: shop, kind: mysqldump, path: /b/shop, retention: {min_good: 7, window: 7d}}
              - {name: weeks, kind: mysqldump, path: /b/weeks, retention: {window: 2w}}
              - {name: none, kind: mysqldump, path: /b/none}
            """, ConfigErrors.Source);
        Assert.Empty(errors);
        Assert.Equal(new RetentionConfig(7, 7), config!.Backups[0].Retention);
        Assert.Equal(new RetentionConfig(0, 14), config.Backups[1].Retention);
        Assert.Null(config.Backups[2].Retention);
    }

    [Theory]
    [InlineData("{window: 36h}", "2:70: backups[0] \"shop\": retention: window: \"36h\" is not a whole number of days: the promise "
        + "counts calendar days (e.g. 7d or 2w)")]
    [InlineData("{min_good: -1, window: 7d}", "2:72: backups[0] \"shop\": retention: min_good: \"-1\" is not a whole number of "
        + "artifacts from 0 to 100000")]
    [InlineData("{keep_daily: 7}", "2:62: unknown key \"keep_daily\" in backups[0] \"shop\"")]
    [InlineData("{}", "2:61: backups[0] \"shop\": retention: missing required key \"window\"")]
    [InlineData("7d", "2:61: backups[0] \"shop\": retention: expected a mapping (min_good: 7, window: 7d)")]
    public void Each_mistake_is_reported_where_it_is(string block, string expected)
    {
        var errors = ConfigErrors.Of(
            $"""
            backups:
              - {"{"}name: shop, kind: mysqldump, path: /b/shop, retention: {block}{"}"}
            """);

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }
}
