using BackupExporter.Configuration;
using BackupExporter.Inspection.Drills;
using BackupExporter.Restore;

namespace BackupExporter.Tests.Restore;

/// <summary>
/// The row counts a backup records of itself. mydumper 0.10 (the one in Debian) records none; the mydumper 0.14+
/// <c>metadata</c> and MySQL Shell's <c>@.done.json</c> below are fakes written in those tools' formats, which cannot
/// run here.
/// </summary>
public sealed class RecordedRowCountsTests : IDisposable
{
    private readonly string _dump = Directory.CreateTempSubdirectory("recorded-rows-").FullName;

    public void Dispose() => Directory.Delete(_dump, recursive: true);

    private static DrillSchemaCount Shop(params (string Table, long Rows)[] tables) =>
        new("shop", tables.Length, tables.Sum(t => t.Rows)) { TableRows = tables.ToDictionary(t => t.Table, t => t.Rows) };

    [Fact]
    public void Mydumper_0_10_metadata_records_no_counts()
    {
        File.WriteAllText(Path.Combine(_dump, "metadata"), "Started dump at: 2026-12-07 19:29:41\nSHOW MASTER STATUS:\n"
            + "\tLog: mysql-bin.000002\n\tPos: 385\n\tGTID:0-1-17\n\nFinished dump at: 2026-12-07 19:29:42\n");

        Assert.Null(RecordedRowCounts.Read(BackupKind.Mydumper, _dump));
    }

    [Fact]
    public void Fake_mydumper_0_14_metadata_counts_are_compared_per_table()
    {
        File.WriteAllText(Path.Combine(_dump, "metadata"), "# Started dump at: 2026-12-07 19:29:41\n[config]\n"
            + "quote_character = BACKTICK\n\n"
            + "[`shop`.`orders`]\nreal_table_name=orders\nrows = 20000\n\n[`shop`.`customers`]\nreal_table_name=customers\nrows = 5000\n\n"
            + "[source]\nFile = mysql-bin.000002\nPosition = 385\nExecuted_Gtid_Set = \n\n# Finished dump at: 2026-12-07 19:29:42\n");

        var recorded = RecordedRowCounts.Read(BackupKind.Mydumper, _dump);

        Assert.NotNull(recorded);
        Assert.Equal(20000, recorded.Rows[("shop", "orders")]);
        Assert.Equal(["shop.orders: the backup records 20000 rows, 9512 restored"],
            RecordedRowCounts.Losses(recorded, [Shop(("orders", 9512), ("customers", 5000))]));
        Assert.Empty(RecordedRowCounts.Losses(recorded, [Shop(("orders", 20000), ("customers", 5001))]));
        Assert.Equal(["shop.customers: the backup records 5000 rows, but the table is not in the restored copy"],
            RecordedRowCounts.Losses(recorded, [Shop(("orders", 20000))]));
    }

    [Fact]
    public void Fake_mysqlsh_done_json_table_rows_are_read()
    {
        File.WriteAllText(Path.Combine(_dump, "@.done.json"), """
            {"end": "2026-12-07 19:29:42", "dataBytes": 1048576, "tableDataBytes": {"shop": {"orders": 900000, "customers": 148576}},
             "tableRows": {"shop": {"orders": 20000, "customers": 5000}}, "chunkFileBytes": {}}
            """);

        var recorded = RecordedRowCounts.Read(BackupKind.Mysqlsh, _dump);

        Assert.NotNull(recorded);
        Assert.Equal(5000, recorded.Rows[("shop", "customers")]);
        Assert.Equal(["shop.orders: the backup records 20000 rows, 10 restored"],
            RecordedRowCounts.Losses(recorded, [Shop(("orders", 10), ("customers", 5000))]));
    }

    [Fact]
    public void A_broken_done_json_is_an_error_naming_the_file()
    {
        File.WriteAllText(Path.Combine(_dump, "@.done.json"), "{\"end\": ");

        var e = Assert.Throws<IOException>(() => RecordedRowCounts.Read(BackupKind.Mysqlsh, _dump));
        Assert.StartsWith(Path.Combine(_dump, "@.done.json") + " is not valid JSON", e.Message, StringComparison.Ordinal);
    }
}
