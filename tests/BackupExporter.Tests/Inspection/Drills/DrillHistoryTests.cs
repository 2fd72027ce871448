using BackupExporter.Inspection.Drills;
using BackupExporter.Tests.Support;

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

    [Fact]
    public void Keeps_the_newest_passed_drills_newest_first_without_their_counts_and_checks()
    {
        var history = Enumerable.Range(0, DrillHistory.PassedLimit + 2)
            .Select(d => TestDrills.Ok(started: TestDrills.Start.AddDays(d)) with { ArtifactBytes = 1000 + d })
            .Append(TestDrills.Failed(started: TestDrills.Start.AddDays(30)))
            .Aggregate(DrillHistory.Empty, (h, d) => h.With(d));

        Assert.Equal(Enumerable.Range(2, DrillHistory.PassedLimit).Reverse().Select(d => (long?)(1000 + d)),
            history.Passed.Select(d => d.ArtifactBytes));
        Assert.All(history.Passed, d => Assert.Equal((0, 0), (d.Schemas.Count, d.Checks.Count)));
        Assert.Equal(2, history.LastSuccess!.Schemas.Count);
    }

    [Fact]
    public void The_fit_evidence_survives_the_file_and_a_history_written_before_it_still_reads()
    {
        var drill = TestDrills.Ok() with { ArtifactBytes = 5_000_000, ServerStartSeconds = 4.5, BinlogBytes = 1200, BinlogSeconds = 0.25,
            PredictedSeconds = 300 };
        var read = DrillHistory.Parse(DrillHistory.Empty.With(drill).ToJson())!;
        var passed = Assert.Single(read.Passed);
        Assert.Equal((5_000_000L, 4.5, 1200L, 0.25, 300.0), (passed.ArtifactBytes!.Value, passed.ServerStartSeconds!.Value,
            passed.BinlogBytes, passed.BinlogSeconds!.Value, passed.PredictedSeconds!.Value));

        // A version 1 file from before: no "passed", no sizes. It reads, with no evidence.
        var old = DrillHistory.Parse(DrillHistory.Empty.With(TestDrills.Ok()).ToJson().Replace("\"passed\"", "\"ignored\"",
            StringComparison.Ordinal))!;
        Assert.Empty(old.Passed);
        Assert.Null(old.Newest!.ArtifactBytes);
        Assert.Null(old.Newest.ServerStartSeconds);
        Assert.Equal(0, old.Newest.BinlogBytes);
    }
}
