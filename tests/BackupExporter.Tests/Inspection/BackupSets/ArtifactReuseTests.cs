using BackupExporter.Inspection.BackupSets;
using BackupExporter.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace BackupExporter.Tests.Inspection.BackupSets;

/// <summary>
/// Rounds of a set whose artifacts did not change keep the objects of the round before: the same observation per
/// artifact and the same list, so that the snapshot holds nothing new and the series cached from it stay valid.
/// </summary>
[Subject(typeof(ArtifactSetInspector))]
public sealed class ArtifactReuseTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private long _bytesRead;

    public void Dispose() => _dir.Dispose();

    private ArtifactSetInspector Inspector() =>
        (ArtifactSetInspector)BackupSetInspections.Create(TestSets.Mysqldump(_dir.Path), null, _clock, n => _bytesRead += n);

    private DateTimeOffset HoursAgo(double hours) => _clock.GetUtcNow().AddHours(-hours);

    [Fact]
    public void Unchanged_artifacts_keep_their_observations_and_list_across_rounds()
    {
        DumpText.Write(_dir.File("a.sql.gz"), DumpText.Complete(), gzip: true, sidecar: true, modified: HoursAgo(3));
        DumpText.Write(_dir.File("b.sql.gz"), DumpText.CutOff(), gzip: true, sidecar: true, modified: HoursAgo(2));
        File.WriteAllBytes(_dir.File("c.sql"), []);
        File.SetLastWriteTimeUtc(_dir.File("c.sql"), HoursAgo(1).UtcDateTime);
        var inspector = Inspector();

        var first = inspector.Inspect(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var second = inspector.Inspect(CancellationToken.None);

        Assert.NotSame(first, second); // a new moment
        Assert.Equal(3, second.Artifacts.Count);
        Assert.Same(first.Artifacts, second.Artifacts);
        Assert.All(first.Artifacts.Zip(second.Artifacts), pair => Assert.Same(pair.First, pair.Second));
    }

    [Fact]
    public void A_changed_artifact_gets_a_new_verdict_and_the_others_keep_theirs()
    {
        DumpText.Write(_dir.File("a.sql"), DumpText.Complete(), modified: HoursAgo(3));
        var b = DumpText.Write(_dir.File("b.sql"), DumpText.Complete(), modified: HoursAgo(2));
        var inspector = Inspector();
        var first = inspector.Inspect(CancellationToken.None);

        DumpText.Write(b, DumpText.CutOff(), modified: HoursAgo(1)); // rewritten, long settled
        _clock.Advance(TimeSpan.FromMinutes(1));
        inspector.Inspect(CancellationToken.None); // changed since the previous round: still being written
        _clock.Advance(TimeSpan.FromMinutes(1));
        var readBefore = _bytesRead;
        var third = inspector.Inspect(CancellationToken.None);

        Assert.Same(first.Artifacts[0], third.Artifacts[0]);
        Assert.NotSame(first.Artifacts[1], third.Artifacts[1]);
        Assert.False(third.Artifacts[1].Checks["complete"].Ok);
        Assert.Equal(new FileInfo(b).Length, _bytesRead - readBefore); // only the changed one was read again
    }

    [Fact]
    public void An_artifact_that_went_away_and_came_back_is_read_again()
    {
        var a = DumpText.Write(_dir.File("a.sql"), DumpText.Complete(), modified: HoursAgo(3));
        var saved = File.ReadAllText(a);
        var inspector = Inspector();
        inspector.Inspect(CancellationToken.None);

        File.Delete(a);
        Assert.Empty(inspector.Inspect(CancellationToken.None).Artifacts);
        DumpText.Write(a, saved, modified: HoursAgo(3));
        var readBefore = _bytesRead;
        var back = inspector.Inspect(CancellationToken.None);

        Assert.Null(back.Artifacts.Single().FirstFailure);
        Assert.Equal(new FileInfo(a).Length, _bytesRead - readBefore);
    }
}
