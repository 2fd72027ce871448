using BackupExporter.Decoding;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Drills;
using BackupExporter.Inspection.Offsite;
using BackupExporter.Inspection.Server;
using BackupExporter.Reporting;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Reporting;

/// <summary>The recovery point of a set in each scope, from its artifacts, binlogs, archive, off-site copies and drills.</summary>
public sealed class RecoveryPointsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 45, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Seen = Now.AddMinutes(-3);

    private static ArtifactObservation Dump(string name, DateTimeOffset recorded, string? binlog, long position = 4) =>
        new($"/backups/shop/{name}", 1_000_000, Now, false, new Dictionary<string, CheckResult>(),
            new ArtifactFacts(true, null, "mariadb-dump", "10.11", binlog, binlog is null ? null : position, null),
            CompressionFormat.Gzip) { RecordedTime = recorded };

    private static ServerObservation Server(bool binlog = true, params string[] binlogs) => new()
    {
        Name = "db", ObservedAt = Seen, Up = true, BinlogEnabled = binlog,
        Binlogs = binlogs.Select(b => new BinlogFile(b, 1000)).ToList(),
    };

    private static BinlogArchiveObservation Archive(params (string Name, int Hour, bool Offsite)[] binlogs) =>
        new("db", Seen, null, binlogs.Select(b => new ArchivedBinlog(b.Name, 500, Day(b.Hour - 1), Day(b.Hour), b.Offsite)).ToList(),
            Seen);

    private static DateTimeOffset Day(int hour) => new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero).AddHours(hour);

    private static readonly ArtifactObservation Old = Dump("shop-2026-12-06.sql.gz", Day(-22), "mysql-bin.000003");
    private static readonly ArtifactObservation New = Dump("shop-2026-12-07.sql.gz", Day(2), "mysql-bin.000005");

    private static SetRecovery Of(IReadOnlyList<ArtifactObservation> good, ServerObservation? server = null,
        BinlogArchiveObservation? archive = null, IReadOnlyList<OffsiteObservation?>? offsite = null, DrillObservation? drill = null) =>
        RecoveryPoints.Of(good, server, archive, server is null ? null : PitrCoverage.Evaluate(good, server, "db"), offsite, drill);

    [Fact]
    public void Retained_binlogs_from_the_newest_artifact_to_the_current_one_make_the_local_point_the_server_observation()
    {
        var local = Of([Old, New], Server(true, "mysql-bin.000005", "mysql-bin.000006", "mysql-bin.000007")).Local;

        Assert.Equal(Seen, local.Time);
        Assert.True(local.Live);
        Assert.Equal(New.Name, local.Artifact);
        Assert.Equal(3000 - 4, local.BinlogBytes); // from the recorded position to the end of the current binlog
    }

    [Fact]
    public void A_purged_binlog_a_gap_or_log_bin_off_falls_back_to_the_newest_artifact_s_own_point_and_says_why()
    {
        var purged = Of([Old, New], Server(true, "mysql-bin.000006", "mysql-bin.000007")).Local;
        var gap = Of([Old, New], Server(true, "mysql-bin.000005", "mysql-bin.000007")).Local;
        var off = Of([Old, New], Server(false)).Local;

        foreach (var point in new[] { purged, gap, off })
        {
            Assert.Equal(Day(2), point.Time);
            Assert.Equal(RecoveryExtension.None, point.Extension);
            Assert.Equal(New.Name, point.Artifact);
        }
        Assert.Contains("mysql-bin.000005", purged.Note);
        Assert.Contains("gap", gap.Note);
        Assert.Contains("log_bin", off.Note);
    }

    [Fact]
    public void An_older_artifact_whose_binlogs_still_reach_now_beats_a_newer_one_without_coordinates()
    {
        var bare = Dump("shop-2026-12-07.sql", Day(2), binlog: null);

        var local = Of([Old, bare], Server(true, "mysql-bin.000003", "mysql-bin.000004")).Local;

        Assert.True(local.Live);
        Assert.Equal(Old.Name, local.Artifact);
    }

    [Fact]
    public void The_archive_extends_local_to_its_newest_event_and_hands_over_to_the_retained_binlogs_that_continue_it()
    {
        var archive = Archive(("mysql-bin.000005", 4, false), ("mysql-bin.000006", 8, false));

        var archived = Of([New], Server(true, "mysql-bin.000008"), archive).Local;
        var handedOver = Of([New], Server(true, "mysql-bin.000007", "mysql-bin.000008"), archive).Local;

        Assert.Equal(Day(8), archived.Time);
        Assert.Equal(RecoveryExtension.Archive, archived.Extension);
        Assert.True(handedOver.Live);
        Assert.Equal(Seen, handedOver.Time);
    }

    [Fact]
    public void An_archive_with_a_problem_extends_nothing()
    {
        var broken = Archive(("mysql-bin.000005", 4, false)) with { Problem = "gap after mysql-bin.000005" };

        Assert.Equal(Day(2), Of([New], Server(true, "mysql-bin.000009"), broken).Local.Time);
    }

    private static OffsiteObservation Remote(params (string Name, CopyState State)[] copies) => new()
    {
        Backup = "shop", Remote = "s3", ObservedAt = Seen, Up = true, VerifiedBy = "size",
        Artifacts = copies.Select(c => new ArtifactCopy(c.Name, Now, c.State, null)).ToList(),
    };

    [Fact]
    public void Offsite_counts_only_intact_copies_at_their_own_point_never_the_server_s_binlogs()
    {
        var server = Server(true, "mysql-bin.000003", "mysql-bin.000004", "mysql-bin.000005");

        var both = Of([Old, New], server, offsite: [Remote((Old.Name, CopyState.Copied), (New.Name, CopyState.Copied))]).Offsite!;
        var mismatched = Of([Old, New], server, offsite: [Remote((Old.Name, CopyState.Copied), (New.Name, CopyState.Mismatched))]).Offsite!;
        var secondRemote = Of([Old, New], server, offsite: [Remote((New.Name, CopyState.Missing)), Remote((New.Name, CopyState.Copied))])
            .Offsite!;
        var none = Of([Old, New], server, offsite: [Remote((New.Name, CopyState.Missing))]).Offsite!;

        Assert.Equal(Day(2), both.Time);
        Assert.Equal(RecoveryExtension.None, both.Extension);
        Assert.Equal(Day(-22), mismatched.Time);
        Assert.Equal(Day(2), secondRemote.Time);
        Assert.Null(none.Time);
        Assert.Null(Of([Old, New], server).Offsite); // no remotes configured: no offsite scope
    }

    [Fact]
    public void Offsite_is_extended_only_by_archived_binlogs_that_are_off_site_too()
    {
        var archive = Archive(("mysql-bin.000005", 4, true), ("mysql-bin.000006", 8, true), ("mysql-bin.000007", 12, false));

        var point = Of([New], Server(true, "mysql-bin.000007"), archive, offsite: [Remote((New.Name, CopyState.Copied))]).Offsite!;

        Assert.Equal(Day(8), point.Time);
        Assert.Equal(RecoveryExtension.Archive, point.Extension);
    }

    private static DrillObservation Drills(params DrillRecord[] drills)
    {
        var history = drills.Aggregate(DrillHistory.Empty, (h, d) => h.With(d));
        return new DrillObservation("shop", "/state/drills/shop.json", history, null);
    }

    private static DrillRecord Drilled(DrillRecord drill, ArtifactObservation artifact) => drill with { ArtifactPath = artifact.Path };

    [Fact]
    public void Proven_is_the_artifact_of_the_newest_passed_drill_and_a_failed_drill_leaves_the_previous_one()
    {
        var passedOld = Drilled(TestDrills.Ok("shop", Day(-20)), Old);
        var failedNew = Drilled(TestDrills.Failed("shop", Day(3)), New);
        var passedNew = Drilled(TestDrills.Ok("shop", Day(4)), New);

        Assert.Equal(Day(-22), Of([Old, New], drill: Drills(passedOld)).Proven.Time);
        Assert.Equal(Day(-22), Of([Old, New], drill: Drills(passedOld, failedNew)).Proven.Time);
        Assert.Equal(Day(2), Of([Old, New], drill: Drills(passedOld, failedNew, passedNew)).Proven.Time);
        Assert.Null(Of([Old, New], drill: Drills(failedNew)).Proven.Time);
        Assert.Equal("no restore drill has run", Of([Old, New]).Proven.Note);
    }

    [Fact]
    public void A_drill_that_replayed_binlogs_extends_proven_to_the_last_event_it_applied()
    {
        var replayed = Drilled(TestDrills.Ok("shop", Day(4)), New) with { ReplayedTo = Day(3), BinlogBytes = 4096 };

        var proven = Of([Old, New], drill: Drills(replayed)).Proven;

        Assert.Equal((Day(3), RecoveryExtension.DrillReplay, 4096L), (proven.Time, proven.Extension, proven.BinlogBytes));
        Assert.Equal(New.Name, proven.Artifact);
        // A replay that reached nothing past the artifact's own point proves just that point.
        var none = Of([Old, New], drill: Drills(replayed with { ReplayedTo = Day(1) })).Proven;
        Assert.Equal((Day(2), RecoveryExtension.None), (none.Time, none.Extension));
    }

    [Fact]
    public void A_later_failed_drill_of_the_proven_artifact_itself_proves_it_no_longer()
    {
        var passed = Drilled(TestDrills.Ok("shop", Day(3)), New);
        var failedAgain = Drilled(TestDrills.Failed("shop", Day(5)), New);

        var proven = Of([Old, New], drill: Drills(passed, failedAgain)).Proven;

        Assert.Null(proven.Time);
        Assert.Contains("proven no longer", proven.Note);
    }

    [Fact]
    public void A_proven_artifact_no_longer_retained_proves_nothing_now()
    {
        var proven = Of([New], drill: Drills(Drilled(TestDrills.Ok("shop", Day(-20)), Old))).Proven;

        Assert.Null(proven.Time);
        Assert.Contains(Old.Name, proven.Note);
    }

    [Fact]
    public void No_good_artifact_has_no_local_point()
    {
        var recovery = Of([], Server(true, "mysql-bin.000001"));

        Assert.Null(recovery.Local.Time);
        Assert.Null(recovery.Restore);
    }
}
