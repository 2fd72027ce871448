using BackupExporter.Inspection.Drills;

namespace BackupExporter.Tests.Inspection.Drills;

/// <summary>The drill history file: one written before per-table counts, skipped artifacts and notes still reads.</summary>
public sealed class DrillHistoryTests
{
    private const string BeforeTableCounts = """
        {
          "version": 1,
          "newest": {
            "backup": "shop", "kind": "mydumper", "verdict": "Ok", "error": null, "failed_phase": null,
            "artifact_path": "/b/shop/2026-11-30", "artifact_time": "2026-11-30T02:00:00+00:00",
            "started_at": "2026-11-30T03:00:00+00:00", "ended_at": "2026-11-30T03:01:00+00:00",
            "phase_seconds": {"fetch": 0, "restore": 50, "verify": 10, "total": 60},
            "restored_bytes": 1048576, "schemas": [{"schema": "shop", "tables": 2, "rows": 7000}], "checks": []
          },
          "last_success": null,
          "recent": []
        }
        """;

    [Fact]
    public void A_history_written_before_table_counts_reads_with_empty_ones()
    {
        var history = DrillHistory.Parse(BeforeTableCounts);

        Assert.NotNull(history?.Newest);
        Assert.Empty(history.Newest.Skipped);
        Assert.Empty(history.Newest.Notes);
        Assert.Equal(7000, history.Newest.Schemas[0].Rows);
        Assert.Empty(history.Newest.Schemas[0].TableRows);
    }

    [Fact]
    public void Table_counts_skipped_artifacts_and_notes_survive_the_file()
    {
        var drill = DrillHistory.Parse(BeforeTableCounts)!.Newest! with
        {
            Schemas = [new DrillSchemaCount("shop", 2, 7000)
            {
                TableRows = new Dictionary<string, long> { ["orders"] = 5000, ["Customers"] = 2000 },
            }],
            Skipped = [new DrillSkippedArtifact("/b/shop/2026-12-01", "its complete check failed: no metadata")],
            Notes = ["table shop.audit is gone"],
        };

        var again = DrillHistory.Parse(DrillHistory.Empty.With(drill).ToJson())!.Newest!;

        Assert.Equal(5000, again.Schemas[0].TableRows["orders"]);
        Assert.Equal(2000, again.Schemas[0].TableRows["Customers"]); // table names keep their case
        Assert.Equal(drill.Skipped, again.Skipped);
        Assert.Equal(drill.Notes, again.Notes);
    }
}
