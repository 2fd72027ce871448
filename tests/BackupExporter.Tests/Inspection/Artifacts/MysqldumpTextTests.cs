using System.Text;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Artifacts;

namespace BackupExporter.Tests.Inspection.Artifacts;

public sealed class MysqldumpTextTests
{
    private static ArtifactFacts Parse(string head, string tail) => MysqldumpText.Parse(Encoding.UTF8.GetBytes(head),
        Encoding.UTF8.GetBytes(tail));

    private const string MariaDbHead = """
        /*M!999999\- enable the sandbox mode */
        -- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
        --
        -- Host: localhost    Database:
        -- ------------------------------------------------------
        -- Server version	10.11.19-MariaDB-0+deb12u1-log

        -- CHANGE MASTER TO MASTER_USE_GTID=slave_pos;
        -- CHANGE MASTER TO MASTER_LOG_FILE='mysql-bin.000002', MASTER_LOG_POS=385;
        -- SET GLOBAL gtid_slave_pos='0-1-3';

        """;

    private const string MySqlHead = """
        -- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
        --
        -- Host: localhost    Database:
        -- ------------------------------------------------------
        -- Server version	8.0.36

        SET @@GLOBAL.GTID_PURGED=/*!80000 '+'*/ '3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5,
        4E11FA47-71CA-11E1-9E33-C80AA9429562:1-9';

        -- CHANGE REPLICATION SOURCE TO SOURCE_LOG_FILE='binlog.000012', SOURCE_LOG_POS=157;

        """;

    [Fact]
    public void MariaDb_header_with_master_data()
    {
        var f = Parse(MariaDbHead, "UNLOCK TABLES;\n-- Dump completed on 2026-11-24 23:55:18\n");

        Assert.Equal(new ArtifactFacts(true, "2026-11-24 23:55:18", "MariaDB dump 10.19  Distrib 10.11.19-MariaDB",
            "10.11.19-MariaDB-0+deb12u1-log", "mysql-bin.000002", 385, "0-1-3"), f);
    }

    [Fact]
    public void MySql8_header_with_source_data_and_a_gtid_set_over_two_lines()
    {
        var f = Parse(MySqlHead, "-- Dump completed on 2026-11-24  1:02:03\n");

        Assert.Equal("MySQL dump 10.13  Distrib 8.0.36", f.Tool);
        Assert.Equal("8.0.36", f.ServerVersion);
        Assert.Equal("binlog.000012", f.BinlogFile);
        Assert.Equal(157, f.BinlogPosition);
        Assert.Equal("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5,4E11FA47-71CA-11E1-9E33-C80AA9429562:1-9", f.Gtid);
        Assert.True(f.Completed);
    }

    [Fact]
    public void Live_change_master_from_master_data_1_is_read_too()
    {
        var f = Parse("CHANGE MASTER TO MASTER_LOG_FILE='mysql-bin.000007', MASTER_LOG_POS=4;\n", "");
        Assert.Equal(("mysql-bin.000007", 4L), (f.BinlogFile, f.BinlogPosition!.Value));
    }

    [Theory]
    [InlineData("INSERT INTO `orders` VALUES (1,'a'),(2,", false, null)]
    [InlineData("-- Dump completed on 2026-11-24 23:55:18\n\n\n", true, "2026-11-24 23:55:18")]
    [InlineData("-- Dump completed\n", true, null)]
    [InlineData("-- Dump completed on 2026-11-24 23:55:18\nINSERT INTO x VALUES (1);\n", false, null)]
    [InlineData("</database>\n</mysqldump>\n", true, null)]
    [InlineData("", false, null)]
    public void Footer(string tail, bool completed, string? at)
    {
        var f = Parse("", tail);
        Assert.Equal((completed, at), (f.Completed, f.CompletedAt));
    }

    [Fact]
    public void A_dump_without_coordinates_has_none()
    {
        var f = Parse("-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)\n", "");
        Assert.Null(f.BinlogFile);
        Assert.Null(f.BinlogPosition);
        Assert.Null(f.Gtid);
    }

    [Fact]
    public void Invalid_utf8_does_not_break_the_parse()
    {
        var head = Encoding.UTF8.GetBytes(MariaDbHead).Concat(new byte[] { 0xff, 0xfe, 0x00, 0xc3 }).ToArray();
        var f = MysqldumpText.Parse(head, [0xff, 0x0a, .. "-- Dump completed on 2026-11-24 23:55:18\n"u8]);
        Assert.True(f.Completed);
        Assert.Equal(385, f.BinlogPosition);
    }
}
