using BackupExporter.Inspection.Artifacts.Physical;

namespace BackupExporter.Tests.Inspection.Artifacts.Physical;

/// <summary>The binlog position XtraBackup and mariabackup write in prose (a history row, xtrabackup_info).</summary>
public sealed class BinlogPositionTextTests
{
    [Theory]
    [InlineData("filename 'mysql-bin.000002', position '385', GTID of the last change '0-1-3'", "mysql-bin.000002", 385L, "0-1-3")]
    [InlineData("filename 'binlog.000012', position '157'", "binlog.000012", 157L, null)]
    [InlineData("filename 'binlog.000012', position 157", "binlog.000012", 157L, null)]
    public void The_binlog_position_of_a_history_row_is_read(string text, string file, long position, string? gtid)
    {
        Assert.Equal((file, position, gtid), BinlogPositionText.Parse(text));
    }

    [Fact]
    public void No_position_recorded_means_none()
    {
        Assert.Equal((null, null, null), BinlogPositionText.Parse(""));
    }
}
