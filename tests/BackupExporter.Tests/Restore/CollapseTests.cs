using BackupExporter.Inspection.Drills;
using BackupExporter.Restore;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Restore;

/// <summary>The comparison of a drill's counts with the previous successful drill's (<c>max_shrink</c>).</summary>
[Subject(typeof(RestoredVerifier))]
public sealed class CollapseTests
{
    private static readonly DateTimeOffset Then = new(2026, 11, 29, 4, 30, 0, TimeSpan.Zero);

    private static DrillRecord Previous(params DrillSchemaCount[] schemas) => new(
        "shop", "mysqldump", DrillVerdict.Ok, null, null, "/b/shop.sql.gz", Then, Then, Then.AddMinutes(5),
        new Dictionary<string, double>(), 0, schemas, []);

    [Fact]
    public void No_previous_drill_is_no_collapse() =>
        Assert.Null(RestoredVerifier.Collapse([new DrillSchemaCount("shop", 1, 1)], null, 0.5));

    [Fact]
    public void Exactly_the_allowed_share_passes_and_less_fails()
    {
        var previous = Previous(new DrillSchemaCount("shop", 4, 1000));
        Assert.Null(RestoredVerifier.Collapse([new DrillSchemaCount("shop", 2, 500)], previous, 0.5));
        Assert.Equal(
            "the restored data shrank by more than max_shrink 50% against the drill of 2026-11-29 04:30:00Z: shop: tables fell from 4 to "
                + "1; shop: rows fell from 1000 to 499",
            RestoredVerifier.Collapse([new DrillSchemaCount("shop", 1, 499)], previous, 0.5));
    }

    private static DrillSchemaCount Shop(params (string Table, long Rows)[] tables) =>
        new("shop", tables.Length, tables.Sum(t => t.Rows)) { TableRows = tables.ToDictionary(t => t.Table, t => t.Rows) };

    [Fact]
    public void A_table_that_lost_more_than_the_allowed_share_fails_by_name_while_its_schema_shrank_less()
    {
        var previous = Previous(Shop(("orders", 20000), ("customers", 5000)));
        var now = Shop(("orders", 9512), ("customers", 5000));

        Assert.Equal(
            "the restored data shrank by more than max_shrink 50% against the drill of 2026-11-29 04:30:00Z: table shop.orders: rows "
                + "fell from 20000 to 9512",
            RestoredVerifier.Collapse([now], previous, 0.5));
        Assert.Null(RestoredVerifier.Collapse([Shop(("orders", 10000), ("customers", 5000))], previous, 0.5));
    }

    [Fact]
    public void A_table_gone_or_new_is_said_and_not_failed()
    {
        var previous = Previous(Shop(("orders", 2000), ("customers", 500), ("audit", 100)));
        var now = new[] { Shop(("orders", 2000), ("customers", 500), ("coupons", 7)), new DrillSchemaCount("crm", 1, 3) };

        Assert.Null(RestoredVerifier.Collapse(now, previous, 0.5));
        Assert.Equal([
            "table shop.audit is gone since the drill of 2026-11-29 04:30:00Z (it had 100 rows)",
            "table shop.coupons is new since the drill of 2026-11-29 04:30:00Z (7 rows)",
            "schema crm is new since the drill of 2026-11-29 04:30:00Z (1 tables, 3 rows)",
        ], RestoredVerifier.TableChanges(now, previous));
    }

    [Fact]
    public void A_previous_drill_without_table_counts_is_compared_per_schema_only()
    {
        var previous = Previous(new DrillSchemaCount("shop", 2, 25000));
        var now = Shop(("orders", 9512), ("customers", 5000));

        Assert.Null(RestoredVerifier.Collapse([now], previous, 0.5));
        Assert.Empty(RestoredVerifier.TableChanges([now], previous));
    }

    [Fact]
    public void A_vanished_schema_is_a_collapse_and_a_new_one_is_not()
    {
        var previous = Previous(new DrillSchemaCount("shop", 2, 10), new DrillSchemaCount("crm", 1, 5));
        Assert.Equal(
            "the restored data shrank by more than max_shrink 20% against the drill of 2026-11-29 04:30:00Z: schema crm is gone (1 tables, "
                + "5 rows in the drill of 2026-11-29 04:30:00Z)",
            RestoredVerifier.Collapse([new DrillSchemaCount("shop", 2, 10), new DrillSchemaCount("new", 3, 3)], previous, 0.2));
    }
}
