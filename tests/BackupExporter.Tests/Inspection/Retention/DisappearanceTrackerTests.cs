using BackupExporter.Configuration;
using BackupExporter.Decoding;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Retention;
using BackupExporter.Platform;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Inspection.Retention;

public sealed class DisappearanceTrackerTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 8, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _state = new();
    private readonly List<string> _warnings = [];

    public void Dispose() => _state.Dispose();

    private SeenArtifactStore Store() => new(_state.File("seen"), StateAccess.OwnerOnly);

    private DisappearanceTracker Tracker(ISeenArtifactMemory? memory = null, string directory = "/b") =>
        new("nightly", directory, memory ?? Store(), null, _warnings.Add);

    private static ArtifactObservation Dump(int day, bool good = true) =>
        new($"/b/shop-{day}.sql.gz", 1000 + day, Now.AddDays(day - 10), false,
            new Dictionary<string, CheckResult> { [CheckNames.Complete] = good ? CheckResult.Pass() : CheckResult.Fail("cut off") },
            null, CompressionFormat.Gzip);

    [Fact]
    public void A_good_artifact_gone_while_newer_ones_exist_is_reported_with_when_it_was_last_seen()
    {
        var tracker = Tracker();
        Assert.Empty(tracker.Update([Dump(1), Dump(2), Dump(3)], Now));
        Assert.Empty(tracker.Update([Dump(1), Dump(2), Dump(3)], Now.AddMinutes(1)));

        var gone = Assert.Single(tracker.Update([Dump(1), Dump(3)], Now.AddMinutes(2)));

        Assert.Equal("shop-2.sql.gz", gone.Name);
        Assert.Equal(Now.AddMinutes(1), gone.LastSeen);
        Assert.Equal(Now.AddMinutes(2), gone.GoneAt);
        Assert.True(gone.OutOfOrder); // shop-1, older, is still there
        Assert.Equal(Now.AddDays(-8), gone.Time);
    }

    [Fact]
    public void The_oldest_rotated_away_is_in_order_and_a_failed_or_the_newest_one_gone_says_nothing()
    {
        var tracker = Tracker();
        tracker.Update([Dump(1), Dump(2, good: false), Dump(3), Dump(4)], Now);

        var gone = tracker.Update([Dump(3)], Now.AddMinutes(1)); // 1 rotated, 2 had failed, 4 was the newest

        Assert.False(Assert.Single(gone).OutOfOrder);
        Assert.Equal("shop-1.sql.gz", gone[0].Name);
    }

    [Fact]
    public void What_was_seen_survives_a_restart_and_a_removal_during_the_downtime_is_noticed()
    {
        Tracker().Update([Dump(1), Dump(2), Dump(3)], Now);

        // A new process: the record is read back from the state directory.
        var gone = Assert.Single(Tracker().Update([Dump(1), Dump(3)], Now.AddHours(5)));

        Assert.Equal("shop-2.sql.gz", gone.Name);
        Assert.Equal(Now, gone.LastSeen);
        Assert.Empty(_warnings);
        // And after another restart the removal is still known.
        Assert.Equal("shop-2.sql.gz", Assert.Single(Tracker().Update([Dump(1), Dump(3)], Now.AddHours(6))).Name);
    }

    [Fact]
    public void A_set_whose_path_changed_does_not_report_the_old_directory_as_removed()
    {
        Tracker().Update([Dump(1), Dump(2), Dump(3)], Now);

        var moved = Tracker(directory: "/elsewhere").Update(
            [Dump(4) with { Path = "/elsewhere/shop-4.sql.gz" }, Dump(5) with { Path = "/elsewhere/shop-5.sql.gz" }], Now.AddHours(1));

        Assert.Empty(moved);
    }

    [Fact]
    public void A_removal_is_forgotten_after_its_keeping_time_and_one_that_comes_back_is_no_longer_gone()
    {
        var tracker = Tracker();
        tracker.Update([Dump(1), Dump(2), Dump(3)], Now);
        Assert.Single(tracker.Update([Dump(1), Dump(3)], Now.AddMinutes(1)));

        Assert.Empty(tracker.Update([Dump(1), Dump(2), Dump(3)], Now.AddMinutes(2))); // restored from tape
        Assert.Single(tracker.Update([Dump(1), Dump(3)], Now.AddMinutes(3)));
        var later = Now.AddMinutes(3) + DisappearanceTracker.DefaultKeepGone + TimeSpan.FromMinutes(1);
        Assert.Empty(tracker.Update([Dump(1), Dump(3)], later));
    }

    [Fact]
    public void A_record_that_cannot_be_read_is_said_and_a_new_one_begins()
    {
        Directory.CreateDirectory(_state.File("seen"));
        File.WriteAllText(Path.Combine(_state.File("seen"), "nightly.json"), "{not json");

        Assert.Empty(Tracker().Update([Dump(1)], Now));

        Assert.Contains("nightly.json: cannot read the record of seen artifacts", Assert.Single(_warnings), StringComparison.Ordinal);
        Assert.Single(Store().Load("nightly").Records);
    }

    [Fact]
    public void A_read_only_store_reads_what_was_kept_and_writes_nothing()
    {
        Tracker().Update([Dump(1), Dump(2), Dump(3)], Now);
        var readOnly = new SeenArtifactStore(_state.File("seen"), StateAccess.OwnerOnly, readOnly: true);

        Assert.Single(Tracker(readOnly).Update([Dump(1), Dump(3)], Now.AddHours(1)));

        Assert.Equal(3, Store().Load("nightly").Records.Count(r => r.GoneAt is null));
    }
}
