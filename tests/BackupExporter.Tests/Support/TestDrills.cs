using BackupExporter.Configuration;
using BackupExporter.Inspection.Drills;

namespace BackupExporter.Tests.Support;

/// <summary>Drill records as the <c>drill</c> command writes them, and sets with a <c>restore_test</c> block.</summary>
internal static class TestDrills
{
    public static readonly DateTimeOffset Start = new(2026, 11, 29, 4, 30, 0, TimeSpan.Zero);

    public static DrillRecord Ok(string backup = "nightly", DateTimeOffset? started = null, double fetch = 12, double restore = 300,
        double verify = 45.5) =>
        Record(backup, DrillVerdict.Ok, null, null, started, new Dictionary<string, double>
        {
            [DrillPhases.Fetch] = fetch, [DrillPhases.Restore] = restore, [DrillPhases.Verify] = verify, [DrillPhases.Total] =
                fetch + restore + verify,
        }, [new DrillSchemaCount("shop", 3, 1200), new DrillSchemaCount("crm", 2, 34)]);

    public static DrillRecord Failed(string backup = "nightly", DateTimeOffset? started = null, string error = "ERROR 1064 (42000) at line "
        + "3074: You have an error in your SQL syntax") =>
        Record(backup, DrillVerdict.Failed, error, DrillPhases.Restore, started, new Dictionary<string, double>
        {
            [DrillPhases.Fetch] = 3, [DrillPhases.Restore] = 20, [DrillPhases.Total] = 23,
        }, []);

    public static DrillRecord Unsupported(string backup = "nightly", DateTimeOffset? started = null) =>
        Record(backup, DrillVerdict.Unsupported, "mysqlsh is not installed: a mysqlsh dump cannot be restored on this host", null, started,
            new Dictionary<string, double> { [DrillPhases.Total] = 0.1 }, []) with { Kind = "mysqlsh" };

    private static DrillRecord Record(string backup, DrillVerdict verdict, string? error, string? failedPhase, DateTimeOffset? started,
        Dictionary<string, double> phases, IReadOnlyList<DrillSchemaCount> schemas)
    {
        var at = started ?? Start;
        return new DrillRecord(backup, "mysqldump", verdict, error, failedPhase, $"/backups/{backup}/shop-2026-11-29.sql.gz",
            at.AddHours(-2), at, at.AddSeconds(phases[DrillPhases.Total]), phases, schemas.Count > 0 ? 52_428_800 : 0, schemas, []);
    }

    public static RestoreTestConfig RestoreTest(TimeSpan? rto = null) =>
        new() { Rto = rto, MaxShrink = null }; // the defaults of an empty block, without a shrink limit

    public static BackupSetConfig WithRestoreTest(this BackupSetConfig set, TimeSpan? rto = null) =>
        set with { RestoreTest = RestoreTest(rto), Rto = rto };
}
