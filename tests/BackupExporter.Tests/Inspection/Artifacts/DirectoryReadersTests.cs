using BackupExporter.Inspection.Artifacts.Logical;
using BackupExporter.Inspection.Artifacts.Physical;
using BackupExporter.Inspection.Artifacts;
using BackupExporter.Inspection.Verification;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Inspection.Artifacts;

/// <summary>
/// mydumper and MySQL Shell are not in Debian: their directories are built here from the formats documented in
/// REFERENCE.md ("Other formats", "More formats and texts"), not produced by the tools.
/// </summary>
[Subject(typeof(IDirectoryArtifactReader))]
public sealed class DirectoryReadersTests
{
    private static DirectoryVerdict Read(IDirectoryArtifactReader reader, TempDirectory dir) =>
        reader.Read(dir.Path, DirectoryWalk.Walk(dir.Path), TimeZoneInfo.Utc);

    [Theory]
    [InlineData("old", "Started dump at: 2026-11-24 02:00:01\nSHOW MASTER STATUS:\n\tLog: mysql-bin.000002\n\tPos: "
        + "385\n\tGTID:0-1-3\n\nFinished dump at: 2026-11-24 02:07:31\n", "0-1-3")]
    [InlineData("0.14", "# Started dump at: 2026-11-24 02:00:01\n[master]\nFile = mysql-bin.000002\nPosition = 385\nExecuted_Gtid_Set = "
        + "\n\n# Finished dump at: 2026-11-24 02:07:31\n", null)]
    [InlineData("0.19", "# Started dump at: 2026-11-24 02:00:01\n[source]\nFile = mysql-bin.000002\nPosition = 385\nExecuted_Gtid_Set = "
        + "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5\n# Finished dump at: 2026-11-24 02:07:31\n",
        "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5")]
    [InlineData("0.20", "# Started dump at: 2026-11-24 02:00:01\n[source]\n# SOURCE_LOG_FILE = \"mysql-bin.000002\"\n# SOURCE_LOG_POS = "
        + "385\n# executed_gtid_set = \"\"\n# Finished dump at: 2026-11-24 02:07:31\n", null)]
    public void A_finished_mydumper_dump_is_complete_with_its_binlog_position(string layout, string metadata, string? gtid)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("metadata"), metadata);
        File.WriteAllText(dir.File("shop.orders.00000.sql"), "INSERT INTO orders VALUES (1);\n");
        var verdict = Read(new MydumperReader(), dir);
        Assert.True(verdict.Complete.Ok, layout + ": " + verdict.Complete.Detail);
        Assert.Equal(("mysql-bin.000002", 385L, gtid), (verdict.Facts!.BinlogFile, verdict.Facts.BinlogPosition, verdict.Facts.Gtid));
        Assert.Equal(TimeSpan.FromSeconds(450), verdict.Facts.Duration);
    }

    [Fact]
    public void A_mydumper_dump_with_only_metadata_partial_or_without_the_finish_line_did_not_finish()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("metadata.partial"), "# Started dump at: 2026-11-24 02:00:01\n");
        var reader = new MydumperReader();
        Assert.Contains("only metadata.partial", Read(reader, dir).Complete.Detail);

        File.Move(dir.File("metadata.partial"), dir.File("metadata"));
        Assert.Contains("has no 'Finished dump at:' line", Read(reader, dir).Complete.Detail);
    }

    [Fact]
    public void A_mysqlsh_dump_is_complete_only_with_its_done_file()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("@.json"), """
            {"dumper": "mysqlsh Ver 8.4.3", "version": "2.0.1", "serverVersion": "8.4.3", "binlogFile": "binlog.000012",
             "binlogPosition": 157, "gtidExecuted": "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5", "consistent": true,
             "begin": "2026-11-24 02:00:01"}
            """);
        var reader = new MysqlshDumpReader();
        Assert.Contains("no @.done.json", Read(reader, dir).Complete.Detail);

        File.WriteAllText(dir.File("@.done.json"), """{"end": "2026-11-24 02""");
        Assert.Contains("is not valid JSON", Read(reader, dir).Complete.Detail);

        File.WriteAllText(dir.File("@.done.json"), """{"end": "2026-11-24 02:03:01", "dataBytes": 123456, "tableDataBytes": {}}""");
        var verdict = Read(reader, dir);
        Assert.True(verdict.Complete.Ok, verdict.Complete.Detail);
        Assert.Equal(("binlog.000012", 157L), (verdict.Facts!.BinlogFile, verdict.Facts.BinlogPosition));
        Assert.Equal(TimeSpan.FromMinutes(3), verdict.Facts.Duration);
        Assert.Contains("123456 bytes of data", verdict.Complete.Detail);
    }

    [Fact]
    public void Both_spellings_of_the_physical_metadata_files_are_read()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("mariadb_backup_checkpoints"), "backup_type = full-backuped\nfrom_lsn = 0\nto_lsn = "
            + "44404\nlast_lsn = 48277\n");
        File.WriteAllText(dir.File("mariadb_backup_info"), "tool_name = mariadb-backup\nstart_time = 2026-11-24 02:00:00\nend_time "
            + "= 2026-11-24 02:00:42\n"
            + "binlog_pos = filename 'mysql-bin.000001', position '803', GTID of the last change '0-1-3'\n");
        var verdict = Read(new PhysicalDirectoryReader(), dir);
        Assert.True(verdict.Complete.Ok, verdict.Complete.Detail);
        Assert.Equal(("mysql-bin.000001", 803L, 44404L), (verdict.Facts!.BinlogFile, verdict.Facts.BinlogPosition, verdict.Facts.ToLsn));
        Assert.Equal(TimeSpan.FromSeconds(42), verdict.Facts.Duration);
    }
}
