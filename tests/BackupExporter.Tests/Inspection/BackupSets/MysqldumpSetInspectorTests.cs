using BackupExporter.Inspection.BackupSets;
using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Reporting;
using BackupExporter.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace BackupExporter.Tests.Inspection.BackupSets;

[Subject(typeof(ArtifactSetInspector))]
public sealed class MysqldumpSetInspectorTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private long _bytesRead;

    public void Dispose() => _dir.Dispose();

    private JudgingInspector Inspector(BackupSetConfig set) => new(set, _clock, n => _bytesRead += n);

    /// <summary>The set inspection of a mysqldump set, with the set's verdicts decided from each of its observations.</summary>
    private sealed class JudgingInspector(BackupSetConfig set, FakeTimeProvider clock, Action<long> countBytesRead)
    {
        private readonly ArtifactSetInspector _inspector = (ArtifactSetInspector)BackupSetInspections.Create(set,
            null, clock, countBytesRead);

        public SetVerdict Inspect(CancellationToken cancellationToken) =>
            SetVerdicts.Decide(new BackupSetParts(set, _inspector.Inspect(cancellationToken), null, null, null, []), clock.GetUtcNow());
    }

    private DateTimeOffset HoursAgo(double hours) => _clock.GetUtcNow().AddHours(-hours);

    [Fact]
    public void Judges_each_artifact_and_orders_them_oldest_first()
    {
        DumpText.Write(_dir.File("b.sql.gz"), DumpText.CutOff(), gzip: true, sidecar: true, modified: HoursAgo(1));
        DumpText.Write(_dir.File("a.sql.gz"), DumpText.Complete(), gzip: true, sidecar: true, modified: HoursAgo(25));

        var o = Inspector(TestSets.Mysqldump(_dir.Path)).Inspect(CancellationToken.None);

        Assert.Null(o.Observation!.PathProblem);
        Assert.Equal(["a.sql.gz", "b.sql.gz"], o.Artifacts.Select(a => a.Name));
        Assert.Equal(ArtifactStatus.Ok, o.Artifacts[0].Status);
        Assert.Equal(ArtifactStatus.Failed, o.Artifacts[1].Status);
        Assert.False(o.Artifacts[1].Checks[CheckNames.Complete].Ok);
        Assert.Equal("a.sql.gz", o.LastSuccess?.Name);
        Assert.Equal("b.sql.gz", o.NewestFinished?.Name);
        Assert.Equal("mysql-bin.000002", o.Artifacts[0].Facts?.BinlogFile);
    }

    [Fact]
    public void Sidecars_are_not_artifacts_even_when_the_pattern_matches_them()
    {
        DumpText.Write(_dir.File("a.sql"), DumpText.Complete(), sidecar: true, modified: HoursAgo(2));
        File.WriteAllText(_dir.File("SHA256SUMS"), "");

        var o = Inspector(TestSets.Mysqldump(_dir.Path, pattern: "*")).Inspect(CancellationToken.None);

        Assert.Equal(["a.sql"], o.Artifacts.Select(a => a.Name));
    }

    [Fact]
    public void An_unchanged_artifact_is_read_once()
    {
        var path = DumpText.Write(_dir.File("a.sql"), DumpText.Complete(), modified: HoursAgo(2));
        var inspector = Inspector(TestSets.Mysqldump(_dir.Path));

        inspector.Inspect(CancellationToken.None);
        var afterFirst = _bytesRead;
        var second = inspector.Inspect(CancellationToken.None);

        Assert.Equal(new FileInfo(path).Length, afterFirst);
        Assert.Equal(afterFirst, _bytesRead);
        Assert.Equal(ArtifactStatus.Ok, second.Artifacts.Single().Status);
    }

    [Fact]
    public void A_file_modified_within_settle_time_is_in_progress_not_failed()
    {
        DumpText.Write(_dir.File("a.sql"), DumpText.CutOff(), modified: _clock.GetUtcNow().AddSeconds(-5));
        var inspector = Inspector(TestSets.Mysqldump(_dir.Path, settle: TimeSpan.FromMinutes(1)));

        var o = inspector.Inspect(CancellationToken.None);
        Assert.Equal(ArtifactStatus.InProgress, o.Artifacts.Single().Status);
        Assert.True(o.Running);
        Assert.Null(o.NewestFinished);
        Assert.Equal(0, _bytesRead);

        _clock.Advance(TimeSpan.FromMinutes(2));
        o = inspector.Inspect(CancellationToken.None);
        Assert.Equal(ArtifactStatus.Failed, o.Artifacts.Single().Status);
    }

    [Fact]
    public void A_file_that_changed_since_the_previous_round_is_in_progress()
    {
        var path = DumpText.Write(_dir.File("a.sql"), DumpText.CutOff(), modified: HoursAgo(3));
        var inspector = Inspector(TestSets.Mysqldump(_dir.Path));
        Assert.Equal(ArtifactStatus.Failed, inspector.Inspect(CancellationToken.None).Artifacts.Single().Status);

        DumpText.Write(path, DumpText.Complete(), modified: HoursAgo(2)); // grew, with an old mtime
        Assert.Equal(ArtifactStatus.InProgress, inspector.Inspect(CancellationToken.None).Artifacts.Single().Status);
        Assert.Equal(ArtifactStatus.Ok, inspector.Inspect(CancellationToken.None).Artifacts.Single().Status);
    }

    [Fact]
    public void A_deleted_artifact_disappears()
    {
        DumpText.Write(_dir.File("a.sql"), DumpText.Complete(), modified: HoursAgo(30));
        var newest = DumpText.Write(_dir.File("b.sql"), DumpText.Complete(), modified: HoursAgo(3));
        var inspector = Inspector(TestSets.Mysqldump(_dir.Path));
        Assert.Equal(2, inspector.Inspect(CancellationToken.None).Artifacts.Count);

        File.Delete(newest);
        var o = inspector.Inspect(CancellationToken.None);
        Assert.Equal(["a.sql"], o.Artifacts.Select(a => a.Name));
    }

    [Fact]
    public void A_file_that_vanishes_between_listing_and_reading_is_simply_gone()
    {
        // A dangling symlink lists like a file and fails to open as "not found": the same path through the code as
        // a dump that retention deletes after the listing, without a race to arrange.
        DumpText.Write(_dir.File("a.sql"), DumpText.Complete(), modified: HoursAgo(3));
        File.CreateSymbolicLink(_dir.File("b.sql"), _dir.File("deleted-by-retention.sql"));

        var o = Inspector(TestSets.Mysqldump(_dir.Path)).Inspect(CancellationToken.None);

        Assert.Equal(["a.sql"], o.Artifacts.Select(a => a.Name));
    }

    [Fact]
    public void A_missing_directory_is_a_problem_not_an_exception()
    {
        var o = Inspector(TestSets.Mysqldump(Path.Combine(_dir.Path, "nope"))).Inspect(CancellationToken.None);

        Assert.Contains("does not exist", o.Observation!.PathProblem);
        Assert.Empty(o.Artifacts);
        Assert.Null(o.Observation!.Volume);
    }

    [Fact]
    public void An_empty_file_fails_without_being_opened()
    {
        File.WriteAllBytes(_dir.File("a.sql.gz"), []);
        File.SetLastWriteTimeUtc(_dir.File("a.sql.gz"), HoursAgo(1).UtcDateTime);

        var a = Inspector(TestSets.Mysqldump(_dir.Path)).Inspect(CancellationToken.None).Artifacts.Single();

        Assert.Equal(ArtifactStatus.Failed, a.Status);
        Assert.Contains("empty", a.Checks[CheckNames.Complete].Detail);
    }

    [Fact]
    public void An_empty_file_fails_complete_alone_with_one_reason()
    {
        // What mariadb-dump --result-file leaves after a refused login: one cause, so one failed check.
        DumpText.Write(_dir.File("a.sql.gz"), DumpText.Complete(), gzip: true, sidecar: true, modified: HoursAgo(25));
        File.WriteAllBytes(_dir.File("b.sql.gz"), []);
        File.SetLastWriteTimeUtc(_dir.File("b.sql.gz"), HoursAgo(1).UtcDateTime);

        var o = Inspector(TestSets.Mysqldump(_dir.Path, checksum: ChecksumMode.Sha256, minSize: 1024, maxShrink: 0.5))
            .Inspect(CancellationToken.None);

        var empty = o.NewestFinished!;
        Assert.Equal("b.sql.gz", empty.Name);
        Assert.Equal(ArtifactStatus.Failed, empty.Status);
        Assert.Equal([CheckNames.Complete], empty.Checks.Keys);
        Assert.Equal(CheckResult.Fail("the file is empty (0 bytes)"), empty.Checks[CheckNames.Complete]);
        Assert.Equal("a.sql.gz", o.LastSuccess?.Name); // the good one before it is still the newest good
    }

    [Fact]
    public async Task A_fifo_matching_the_pattern_does_not_block()
    {
        Tool.Run("mkfifo", _dir.File("pipe.sql"));
        File.SetLastWriteTimeUtc(_dir.File("pipe.sql"), HoursAgo(1).UtcDateTime);

        var inspect = Task.Run(() => Inspector(TestSets.Mysqldump(_dir.Path)).Inspect(CancellationToken.None));

        var o = await inspect.WaitAsync(TimeSpan.FromSeconds(10)); // throws TimeoutException when it blocks
        Assert.Equal(ArtifactStatus.Failed, o.Artifacts.Single().Status);
    }

    [Fact]
    public void A_symlink_loop_is_reported_on_the_artifact()
    {
        File.CreateSymbolicLink(_dir.File("a.sql"), _dir.File("b.sql"));
        File.CreateSymbolicLink(_dir.File("b.sql"), _dir.File("a.sql"));

        var o = Inspector(TestSets.Mysqldump(_dir.Path)).Inspect(CancellationToken.None);

        Assert.Equal(2, o.Artifacts.Count);
        Assert.All(o.Artifacts, a => Assert.Equal(ArtifactStatus.Failed, a.Status));
        Assert.All(o.Artifacts, a => Assert.Contains("cannot read", a.Checks[CheckNames.Complete].Detail));
    }

    [Fact]
    public void A_file_name_that_is_not_utf8_is_reported_not_skipped()
    {
        Tool.Run("bash", "-c", $"printf 'x' > \"{_dir.Path}\"/$'\\xff\\xfe'.sql && touch -d '2 hours ago' "
            + $"\"{_dir.Path}\"/$'\\xff\\xfe'.sql");

        var a = Inspector(TestSets.Mysqldump(_dir.Path)).Inspect(CancellationToken.None).Artifacts.Single();

        Assert.Equal(ArtifactStatus.Failed, a.Status);
        Assert.Contains("not valid UTF-8", a.Checks[CheckNames.Complete].Detail);
    }

    [Fact]
    public void Volume_of_the_set_is_read()
    {
        var o = Inspector(TestSets.Mysqldump(_dir.Path)).Inspect(CancellationToken.None);

        Assert.NotNull(o.Observation!.Volume);
        Assert.True(o.Observation!.Volume.TotalBytes > 0);
        Assert.InRange(o.Observation!.Volume.FreeBytes, 0, o.Observation!.Volume.TotalBytes);
    }

    [Fact]
    public void A_cancelled_inspection_throws()
    {
        DumpText.Write(_dir.File("a.sql"), DumpText.Complete(), modified: HoursAgo(2));
        Assert.ThrowsAny<OperationCanceledException>(() =>
            Inspector(TestSets.Mysqldump(_dir.Path)).Inspect(new CancellationToken(canceled: true)));
    }
}
