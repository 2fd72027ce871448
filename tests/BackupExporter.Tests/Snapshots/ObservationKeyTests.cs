using BackupExporter.Inspection;
using BackupExporter.Inspection.Logs;
using BackupExporter.Snapshots;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Snapshots;

public sealed class ObservationKeyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static SnapshotStore Store(params string[] names)
    {
        var config = TestSets.Config(TestSets.Mysqldump("/b"));
        var store = new SnapshotStore(config, names, Now);
        store.Reconfigure(config, names, Now);
        return store;
    }

    private static InspectionStatus Ok(string name) => new(name, true, null, Now, Now, TimeSpan.Zero);

    [Fact]
    public void A_key_gives_back_the_observation_of_its_type()
    {
        var store = Store(InspectionNames.Backup("nightly"));
        var observation = new BackupSetObservation("nightly", Now, null, [], null, null, Now);

        Assert.Null(store.Current.Get(ObservationKeys.Backup("nightly")));
        store.Publish(Ok(InspectionNames.Backup("nightly")), observation);

        Assert.Same(observation, store.Current.Get(ObservationKeys.Backup("nightly")));
        Assert.Null(store.Current.Get(ObservationKeys.Backup("weekly")));
    }

    [Fact]
    public void An_observation_of_another_type_under_a_name_is_a_wiring_error_not_nothing()
    {
        var name = InspectionNames.Backup("nightly");
        var store = Store(name);
        store.Publish(Ok(name), new RunStatusObservation(name, "/run/status.json", null, null));

        var error = Assert.Throws<InvalidOperationException>(() => store.Current.Get(ObservationKeys.Backup("nightly")));
        Assert.Equal("the inspection backup:nightly published a RunStatusObservation, where a BackupSetObservation belongs", error.Message);
    }
}
