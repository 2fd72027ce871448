using BackupExporter.Inspection;
using BackupExporter.Snapshots;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Snapshots;

public sealed class SnapshotStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static SnapshotStore Store(params string[] sets)
    {
        var config = TestSets.Config(sets.Select(s => TestSets.Mysqldump("/b", name: s)).ToArray());
        var store = new SnapshotStore(config, [], Now);
        store.Reconfigure(config, sets.Select(InspectionNames.Backup).ToList(), Now);
        return store;
    }

    private static void Publish(SnapshotStore store, string set) =>
        store.Publish(new InspectionStatus(InspectionNames.Backup(set), true, null, Now, Now, TimeSpan.FromMilliseconds(5)), null);

    [Fact]
    public void Tells_which_inspections_made_the_versions_since_one_in_order()
    {
        var store = Store("a", "b");
        var since = store.Current.Version;
        Publish(store, "a");
        Publish(store, "b");
        Publish(store, "a");

        var changes = new List<string>();
        Assert.True(store.ChangesSince(since, store.Current.Version, changes));
        Assert.Equal(["backup:a", "backup:b", "backup:a"], changes);

        changes.Clear();
        Assert.True(store.ChangesSince(since + 2, store.Current.Version, changes));
        Assert.Equal(["backup:a"], changes);

        changes.Clear();
        Assert.True(store.ChangesSince(store.Current.Version, store.Current.Version, changes));
        Assert.Empty(changes);
    }

    [Fact]
    public void Cannot_tell_across_a_reload_or_further_back_than_it_remembers()
    {
        var store = Store("a");
        var since = store.Current.Version;
        Publish(store, "a");
        store.Reconfigure(store.Current.Config, [InspectionNames.Backup("a")], Now);
        Publish(store, "a");
        Assert.False(store.ChangesSince(since, store.Current.Version, []));
        // After the reload it can tell again.
        var changes = new List<string>();
        Assert.True(store.ChangesSince(store.Current.Version - 1, store.Current.Version, changes));
        Assert.Equal(["backup:a"], changes);

        since = store.Current.Version;
        for (var i = 0; i < 5000; i++)
            Publish(store, "a");
        Assert.False(store.ChangesSince(since, store.Current.Version, []));
        Assert.True(store.ChangesSince(store.Current.Version - 100, store.Current.Version, []));
        // A version before any was made (nothing rendered yet) cannot be answered either.
        Assert.False(store.ChangesSince(-1, store.Current.Version, []));
    }

    [Fact]
    public void A_publication_dropped_after_its_inspection_was_removed_makes_no_version()
    {
        var store = Store("a");
        var version = store.Current.Version;
        Publish(store, "gone");
        Assert.Equal(version, store.Current.Version);
    }
}
