using BackupExporter.Inspection;
using BackupExporter.Inspection.Server;

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
        new("db", Now, true, null, "10.11.19-MariaDB", "mariadb", enabled, binlogs.Select(b => new BinlogFile(b, 1000)).ToList(),
            0, null, null, null, []);

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

public sealed class XtrabackupBinlogPositionTests
{
    [Theory]
    [InlineData("filename 'mysql-bin.000002', position '385', GTID of the last change '0-1-3'", "mysql-bin.000002", 385L, "0-1-3")]
    [InlineData("filename 'binlog.000012', position '157'", "binlog.000012", 157L, null)]
    [InlineData("filename 'binlog.000012', position 157", "binlog.000012", 157L, null)]
    public void The_binlog_position_of_a_history_row_is_read(string text, string file, long position, string? gtid)
    {
        Assert.Equal((file, position, gtid), BackupExporter.Inspection.Artifacts.Physical.BinlogPositionText.Parse(text));
    }

    [Fact]
    public void No_position_recorded_means_none()
    {
        Assert.Equal((null, null, null), BackupExporter.Inspection.Artifacts.Physical.BinlogPositionText.Parse(""));
    }
}

public sealed class MebBinlogCoordinatesTests
{
    [Theory]
    [InlineData("binlog.000004", 94169L, "binlog.000004", 94169L)]
    [InlineData("", 94169L, null, null)]
    [InlineData("BINLOG-DISABLED", 0L, null, null)]
    [InlineData("binlog.000004", -1L, null, null)] // the CSV-format table of old releases writes -1 for NULL
    [InlineData(null, null, null, null)]
    public void Only_a_file_and_a_position_are_coordinates(string? file, long? position, string? expectedFile, long? expectedPosition)
    {
        Assert.Equal((expectedFile, expectedPosition), BackupExporter.Inspection.History.MebHistoryInspector.Coordinates(file, position));
    }
}
