using BackupExporter.Configuration;

namespace BackupExporter.Tests.Configuration;

/// <summary>The <c>offsite</c> list of a backup set: defaults, every key, and each mistake with its line:column.</summary>
public sealed class OffsiteConfigTests
{
    [Fact]
    public void ReadsEveryKeyAndDefaults()
    {
        var (config, errors) = ConfigLoader.Parse("""
            backups:
              - name: shop
                kind: mysqldump
                path: /backups/shop
                offsite:
                  - name: s3-eu
                    remote: "s3eu:company-backups/shop"
                    rclone_config: rclone.conf
                    interval: 30m
                    timeout: 5m
                    max_lag: 12h
                    verify: download
                    download_limit: 10GiB
                  - name: box
                    remote: "box:shop"
            """, ConfigErrors.Source);

        Assert.Empty(errors);
        var offsite = config!.Backups[0].Offsite;
        Assert.Equal(new OffsiteConfig
        {
            Name = "s3-eu", Remote = "s3eu:company-backups/shop", RcloneConfig = "/etc/backup-exporter/rclone.conf",
            Interval = TimeSpan.FromMinutes(30), Timeout = TimeSpan.FromMinutes(5), MaxLag = TimeSpan.FromHours(12),
            Verify = OffsiteVerify.Download, DownloadLimitBytes = 10L << 30,
        }, offsite[0]);
        Assert.Equal(new OffsiteConfig
        {
            Name = "box", Remote = "box:shop", Interval = OffsiteConfigReader.DefaultInterval, Timeout = OffsiteConfigReader.DefaultTimeout,
            MaxLag = OffsiteConfigReader.DefaultMaxLag, Verify = OffsiteVerify.Size,
        }, offsite[1]);
    }

    [Fact]
    public void DownloadWithoutALimitReadsOneGibibytePerRound()
    {
        var (config, _) = ConfigLoader.Parse("""
            backups:
              - name: shop
                kind: mariabackup
                path: /backups/shop
                offsite: [{name: box, remote: "box:shop", verify: download}]
            """, ConfigErrors.Source);

        Assert.Equal(1L << 30, config!.Backups[0].Offsite[0].DownloadLimitBytes);
    }

    public static TheoryData<string, string, string[]> Mistakes => new()
    {
        {
            "remote missing, a misspelt key, a duplicate name",
            """
            backups:
              - name: shop
                kind: mysqldump
                path: /backups/shop
                offsite:
                  - name: s3
                    remtoe: "s3eu:x"
                  - name: s3
                    remote: "s3eu:y"
            """,
            [
                "6:9: backups[0] \"shop\": offsite[0] \"s3\": missing required key \"remote\" (the rclone remote and path that holds the "
                    + "copies, e.g. s3eu:company-backups/shop)",
                "7:9: unknown key \"remtoe\" in backups[0] \"shop\": offsite[0] \"s3\"; did you mean \"remote\"?",
                "8:15: backups[0] \"shop\": offsite[1] \"s3\": name \"s3\" is already used by backups[0] \"shop\": offsite[0] (line 6)",
            ]
        },
        {
            "a verify word that is not one, a bad max_lag",
            """
            backups:
              - name: shop
                kind: mysqldump
                path: /backups/shop
                offsite:
                  - {name: s3, remote: "s3eu:x", verify: hashes, max_lag: 6 hours}
            """,
            [
                "6:46: backups[0] \"shop\": offsite[0] \"s3\": verify: \"hashes\" is not a verification mode (use size, hash, download); "
                    + "did you mean \"hash\"?",
                "6:63: backups[0] \"shop\": offsite[0] \"s3\": max_lag: \"6 hours\" is not a duration (use e.g. 90s, 30m, 2h, 7d)",
            ]
        },
        {
            "download_limit without verify: download",
            """
            backups:
              - name: shop
                kind: mysqldump
                path: /backups/shop
                offsite:
                  - name: s3
                    remote: "s3eu:x"
                    download_limit: 1GiB
            """,
            ["8:9: backups[0] \"shop\": offsite[0] \"s3\": download_limit: only applies with verify: download (add it, "
                + "or remove download_limit)"]
        },
        {
            "offsite not a list; an entry not a mapping",
            """
            backups:
              - name: shop
                kind: mysqldump
                path: /backups/shop
                offsite: "s3eu:x"
              - name: web
                kind: mysqldump
                path: /backups/web
                offsite:
                  - "s3eu:y"
            """,
            [
                "5:14: backups[0] \"shop\": offsite: expected a list of remotes (- name: ..., remote: ...), got \"s3eu:x\"",
                "10:9: backups[1] \"web\": offsite[0]: expected a mapping (name, remote, ...), got \"s3eu:y\"",
            ]
        },
        {
            "a history-table kind has no files to copy",
            """
            servers:
              - {name: db, host: 127.0.0.1}
            backups:
              - name: meb
                kind: meb
                server: db
                offsite: [{name: s3, remote: "s3eu:x"}]
            """,
            ["7:5: backups[0] \"meb\": offsite: kind meb lists backups from a table on the server, not files the exporter could compare "
                + "with a remote; remove offsite"]
        },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void MistakesAreReportedWithLineAndColumn(string what, string yaml, string[] expected)
    {
        _ = what;
        Assert.Equal(string.Join("\n", expected), string.Join("\n", ConfigErrors.Of(yaml)));
    }
}
