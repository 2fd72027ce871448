using BackupExporter.Inspection;
using BackupExporter.Inspection.Server;
using BackupExporter.Decoding;

namespace BackupExporter.Tests.Inspection.Server;

public sealed class PitrCoverageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static ArtifactObservation Dump(string name, int daysAgo, string? binlog) =>
        new("/b/" + name, 100, Now.AddDays(-daysAgo), false, new Dictionary<string, CheckResult>(),
            new ArtifactFacts(true, null, null, null, binlog, binlog is null ? null : 4, null), CompressionFormat.Gzip);

    /// <summary>The good artifacts of a set, oldest first, as the set's verdict passes them.</summary>
    private static ArtifactObservation[] Set(params ArtifactObservation[] good) => good;

    private static ServerObservation Server(bool enabled = true, params string[] binlogs) =>
        new()
        {
            Name = "db", ObservedAt = Now, Up = true, Version = "10.11.19-MariaDB", Flavor = "mariadb", BinlogEnabled = enabled,
            Binlogs = binlogs.Select(b => new BinlogFile(b, 1000)).ToList(), RetentionSeconds = 0,
        };

    [Fact]
    public void Retained_contiguous_binlogs_from_the_newest_good_dump_cover_it()
    {
        var r = PitrCoverage.Evaluate(Set(Dump("a", 2, "mysql-bin.000003"), Dump("b", 1, "mysql-bin.000005")),
            Server(true, "mysql-bin.000003", "mysql-bin.000004", "mysql-bin.000005", "mysql-bin.000006"), "db");

        Assert.True(r.Ok, r.Reason);
        Assert.Equal(Now.AddDays(-2), r.WindowStart); // the older dump's binlog is retained too
    }

    [Fact]
    public void A_purged_binlog_breaks_coverage_and_shortens_the_window()
    {
        var r = PitrCoverage.Evaluate(Set(Dump("a", 2, "mysql-bin.000003"), Dump("b", 1, "mysql-bin.000005")),
            Server(true, "mysql-bin.000004", "mysql-bin.000005"), "db");
        Assert.True(r.Ok);
        Assert.Equal(Now.AddDays(-1), r.WindowStart);

        var purged = PitrCoverage.Evaluate(Set(Dump("b", 1, "mysql-bin.000005")), Server(true, "mysql-bin.000006"), "db");
        Assert.False(purged.Ok);
        Assert.Equal("binlog mysql-bin.000005, needed from the newest good artifact b, is no longer retained (oldest retained: "
            + "mysql-bin.000006)", purged.Reason);
        Assert.Null(purged.WindowStart);
    }

    [Fact]
    public void A_gap_in_the_retained_binlogs_breaks_coverage()
    {
        var r = PitrCoverage.Evaluate(Set(Dump("b", 1, "mysql-bin.000005")), Server(true, "mysql-bin.000005", "mysql-bin.000007"), "db");
        Assert.False(r.Ok);
        Assert.Contains("gap after mysql-bin.000005", r.Reason);
    }

    [Fact]
    public void No_coordinates_binlogs_off_or_no_good_dump_are_reasons()
    {
        Assert.Contains("records no binlog coordinates",
            PitrCoverage.Evaluate(Set(Dump("b", 1, null)), Server(true, "mysql-bin.000001"), "db").Reason);
        Assert.Contains("binary logging is off on server db",
            PitrCoverage.Evaluate(Set(Dump("b", 1, "x.000001")), Server(false), "db").Reason);
        Assert.Contains("no good artifact", PitrCoverage.Evaluate(Set(), Server(true, "mysql-bin.000001"), "db").Reason);
        Assert.Contains("not reachable", PitrCoverage.Evaluate(Set(), ServerObservation.Down("db", Now, "gone", []), "db").Reason);
    }
}
