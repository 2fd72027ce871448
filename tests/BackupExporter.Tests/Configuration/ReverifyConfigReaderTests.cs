using BackupExporter.Configuration;

namespace BackupExporter.Tests.Configuration;

/// <summary><c>reverify</c> in global and in a set: off by default, inherited, overridden, turned off, and each mistake.</summary>
public sealed class ReverifyConfigReaderTests
{
    [Fact]
    public void OffUnlessConfigured()
    {
        var (config, errors) = ConfigLoader.Parse("""
            backups:
              - {name: shop, kind: mysqldump, path: /backups/shop}
            """, ConfigErrors.Source);

        Assert.Empty(errors);
        Assert.Null(config!.Global.Reverify);
        Assert.Null(config.Backups[0].Reverify);
    }

    [Fact]
    public void GlobalIsTheDefaultASetOverridesOrTurnsOff()
    {
        var (config, errors) = ConfigLoader.Parse("""
            global:
              reverify: {period: 14d, max_rate: 20MiB/s}
            backups:
              - {name: shop, kind: mysqldump, path: /backups/shop}
              - {name: web, kind: mariabackup, path: /backups/web, reverify: {max_rate: 5MiB/s}}
              - {name: tmp, kind: mysqldump, path: /backups/tmp, reverify: off}
            """, ConfigErrors.Source);

        Assert.Empty(errors);
        Assert.Equal(new ReverifyConfig(TimeSpan.FromDays(14), 20L << 20), config!.Backups[0].Reverify);
        Assert.Equal(new ReverifyConfig(TimeSpan.FromDays(14), 5L << 20), config.Backups[1].Reverify);
        Assert.Null(config.Backups[2].Reverify);
    }

    [Fact]
    public void AnEmptyMappingTakesTheDefaults()
    {
        var (config, errors) = ConfigLoader.Parse("""
            backups:
              - {name: shop, kind: mysqldump, path: /backups/shop, reverify: {}}
            """, ConfigErrors.Source);

        Assert.Empty(errors);
        Assert.Equal(new ReverifyConfig(TimeSpan.FromDays(7), 50L << 20), config!.Backups[0].Reverify);
    }

    public static TheoryData<string, string, string[]> Mistakes => new()
    {
        {
            "a rate without /s, a misspelt key",
            """
            backups:
              - name: shop
                kind: mysqldump
                path: /backups/shop
                reverify: {max_rate: 50MiB, peroid: 7d}
            """,
            [
                "5:33: unknown key \"peroid\" in backups[0] \"shop\": reverify; did you mean \"period\"?",
                "5:26: backups[0] \"shop\": reverify: max_rate: \"50MiB\" has no \"/s\": a rate is a size per second, e.g. 50MiB/s",
            ]
        },
        {
            "a decimal unit, a period too short, a word that is not off",
            """
            global:
              reverify: {max_rate: 50MB/s, period: 1s}
            backups:
              - {name: shop, kind: mysqldump, path: /backups/shop, reverify: always}
            """,
            [
                "2:24: global: reverify: max_rate: \"50MB\" uses a decimal (SI) unit; use the IEC unit MiB instead, e.g. 50MiB "
                    + "(units: B, KiB, MiB, GiB, TiB) per second (e.g. 50MiB/s)",
                "2:40: global: reverify: period: 1s is shorter than 10s: every retained byte would be read again almost at once",
                "4:66: backups[0] \"shop\": reverify: \"always\" is not a mapping {period: 7d, max_rate: 50MiB/s}, or off",
            ]
        },
        {
            "a history-table kind has no files to read again",
            """
            servers:
              - {name: db, host: 127.0.0.1}
            backups:
              - {name: meb, kind: meb, server: db, reverify: {period: 7d}}
            """,
            ["4:40: backups[0] \"meb\": reverify: kind meb lists backups in a server table: there are no files to read again "
                + "(remove reverify)"]
        },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void EachMistakeIsReportedWhereItIs(string what, string yaml, string[] expected)
    {
        _ = what;
        Assert.Equal(string.Join("\n", expected.Order()), string.Join("\n", ConfigErrors.Of(yaml).Order()));
    }
}
