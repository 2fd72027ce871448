using BackupExporter.Inspection.Server;

namespace BackupExporter.Tests.Inspection.Server;

/// <summary>An archive is stalled only when the server is ahead of it and it has stood still for stalled_after.</summary>
public sealed class ArchiveStallTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan After = TimeSpan.FromMinutes(15);

    private static ServerObservation Server(params (string Name, long Size)[] binlogs) => new()
    {
        Name = "db1", ObservedAt = Now, Up = true, Binlogs = binlogs.Select(b => new BinlogFile(b.Name, b.Size)).ToList(),
    };

    [Fact]
    public void A_newer_server_file_and_no_growth_for_stalled_after_is_a_stall_said_with_both_files()
    {
        var stall = ArchiveStall.Judge(("mysql-bin.000004", 500), Now.AddMinutes(-16),
            Server(("mysql-bin.000004", 500), ("mysql-bin.000005", 300)), After, Now);

        Assert.Equal("the archive has not grown since 2026-12-07 11:44:00 UTC (16m, stalled_after 15m) while the server writes "
            + "mysql-bin.000005 and the archive's newest file is mysql-bin.000004: the binlog archiver has stopped", stall);
    }

    [Fact]
    public void More_bytes_of_the_same_file_on_the_server_count_as_ahead()
    {
        Assert.NotNull(ArchiveStall.Judge(("mysql-bin.000004", 500), Now.AddHours(-1), Server(("mysql-bin.000004", 900)), After, Now));
    }

    [Fact]
    public void A_quiet_server_a_recent_growth_a_down_server_or_another_name_is_no_stall()
    {
        var quiet = Server(("mysql-bin.000004", 500));
        Assert.Null(ArchiveStall.Judge(("mysql-bin.000004", 500), Now.AddDays(-1), quiet, After, Now));
        Assert.Null(ArchiveStall.Judge(("mysql-bin.000004", 100), Now.AddMinutes(-14), quiet, After, Now));
        Assert.Null(ArchiveStall.Judge(("mysql-bin.000004", 100), Now.AddDays(-1), ServerObservation.Down("db1", Now, "refused", []),
            After, Now));
        Assert.Null(ArchiveStall.Judge(("binlog.000001", 100), Now.AddDays(-1), quiet, After, Now));
    }

    [Fact]
    public void An_empty_archive_beside_a_server_that_writes_is_stalled()
    {
        Assert.StartsWith("the archive is empty while the server writes mysql-bin.000004",
            ArchiveStall.Judge(null, null, Server(("mysql-bin.000004", 500)), After, Now));
    }
}
