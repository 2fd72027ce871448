using BackupExporter.Inspection.Server;
using BackupExporter.Metrics;
using BackupExporter.Reporting;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Reporting;

/// <summary>A set's cached series stay valid across server rounds that change nothing PITR reads.</summary>
public sealed class PitrInputsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static ServerObservation Server(bool up = true, bool binlog = true, params (string Name, long Size)[] binlogs) =>
        new()
        {
            Name = "db", ObservedAt = Now, Up = up, Error = up ? null : "refused", Version = "10.11.19-MariaDB", Flavor = "mariadb",
            BinlogEnabled = binlog, Binlogs = binlogs.Select(b => new BinlogFile(b.Name, b.Size)).ToList(), RetentionSeconds = 86400,
            OldestBinlogTime = Now.AddDays(-1), BlockedThreads = new Dictionary<string, int>(), BackupSessions = 0,
        };

    private static object?[] SourcesWith(ServerObservation? server) =>
        new BackupSetParts(TestSets.Mysqldump("/b"), null, null, server, null, []).Sources;

    [Fact]
    public void Binlogs_that_only_grew_leave_the_series_valid()
    {
        var group = new SeriesGroup(SourcesWith(Server(binlogs: [("mysql-bin.000001", 100), ("mysql-bin.000002", 5)])));

        Assert.True(group.RenderedFrom(SourcesWith(Server(binlogs: [("mysql-bin.000001", 100), ("mysql-bin.000002", 900)]))));
    }

    [Fact]
    public void A_binlog_rotated_or_purged_the_server_down_or_log_bin_off_renders_again()
    {
        var group = new SeriesGroup(SourcesWith(Server(binlogs: [("mysql-bin.000001", 100), ("mysql-bin.000002", 5)])));

        Assert.False(group.RenderedFrom(SourcesWith(Server(binlogs: [("mysql-bin.000001", 100), ("mysql-bin.000002", 5),
            ("mysql-bin.000003", 1)]))));
        Assert.False(group.RenderedFrom(SourcesWith(Server(binlogs: [("mysql-bin.000002", 5)]))));
        Assert.False(group.RenderedFrom(SourcesWith(Server(up: false, binlogs: [("mysql-bin.000001", 100), ("mysql-bin.000002", 5)]))));
        Assert.False(group.RenderedFrom(SourcesWith(Server(binlog: false, binlogs: [("mysql-bin.000001", 100), ("mysql-bin.000002", 5)]))));
        Assert.False(group.RenderedFrom(SourcesWith(null)));
    }
}
