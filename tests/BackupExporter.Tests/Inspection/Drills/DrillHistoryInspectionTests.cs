using BackupExporter.Inspection.Drills;
using BackupExporter.Platform;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Inspection.Drills;

public sealed class DrillHistoryInspectionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private DrillHistoryStore Store => new(_dir.Path, StateAccess.OwnerOnly);

    private DrillHistoryInspection Inspection() => new(TestSets.Mysqldump("/b", name: "nightly"), _dir.Path);

    [Fact]
    public void Without_a_history_file_there_is_no_drill_and_no_problem()
    {
        var o = Inspection().Inspect();
        Assert.Null(o.Newest);
        Assert.Null(o.Problem);
        Assert.Equal("drill:nightly", o.Name);
    }

    [Fact]
    public void Reads_the_drills_the_drill_command_recorded_and_rereads_only_a_changed_file()
    {
        var inspection = Inspection();
        Assert.Null(Store.Record(TestDrills.Failed()));
        var first = inspection.Inspect();
        Assert.Equal(DrillVerdict.Failed, first.Newest!.Verdict);
        Assert.Same(first, inspection.Inspect()); // unchanged file: the same observation, nothing rendered again

        Assert.Null(Store.Record(TestDrills.Ok(started: TestDrills.Start.AddDays(1))));
        var second = inspection.Inspect();
        Assert.NotSame(first, second);
        Assert.Equal(DrillVerdict.Ok, second.Newest!.Verdict);
        Assert.Equal(second.Newest.EndedAt, second.History.LastSuccess!.EndedAt);
        Assert.Equal([DrillVerdict.Ok, DrillVerdict.Failed], second.History.Recent.Select(r => r.Verdict));
    }

    [Fact]
    public void A_file_replaced_with_the_same_size_and_time_is_read_again_by_its_new_inode()
    {
        var inspection = Inspection();
        Assert.Null(Store.Record(TestDrills.Ok()));
        var path = Store.PathOf("nightly");
        var before = inspection.Inspect();
        var written = File.GetLastWriteTimeUtc(path);
        // Same length and modification time, other content, other inode: only the inode tells them apart.
        var text = File.ReadAllText(path).Replace("1200", "9200");
        Assert.Equal(File.ReadAllText(path).Length, text.Length);
        var replacement = path + ".new";
        File.WriteAllText(replacement, text);
        File.SetLastWriteTimeUtc(replacement, written);
        File.Move(replacement, path, overwrite: true);

        var after = inspection.Inspect();
        Assert.NotSame(before, after);
        Assert.Equal(9234, after.Newest!.Rows);
    }

    [Fact]
    public void An_unreadable_file_is_a_problem_naming_the_file_and_keeps_the_last_history()
    {
        var inspection = Inspection();
        Assert.Null(Store.Record(TestDrills.Ok()));
        Assert.Equal(DrillVerdict.Ok, inspection.Inspect().Newest!.Verdict);

        File.WriteAllText(Store.PathOf("nightly"), "{\"version\": 1, \"newest\": {\"backup\": ");
        var broken = inspection.Inspect();
        Assert.Contains(Store.PathOf("nightly"), broken.Problem);
        Assert.Contains("not valid JSON", broken.Problem);
        Assert.Equal(DrillVerdict.Ok, broken.Newest!.Verdict);

        File.WriteAllText(Store.PathOf("nightly"), "{\"version\": 7}");
        Assert.Contains("is not a version 1 history", inspection.Inspect().Problem);

        Assert.Null(Store.Record(TestDrills.Failed())); // the next drill writes a good file again
        var fixedUp = inspection.Inspect();
        Assert.Null(fixedUp.Problem);
        Assert.Equal(DrillVerdict.Failed, fixedUp.Newest!.Verdict);
    }
}
