using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Inspection.BackupSets;
using BackupExporter.Inspection.Reverification;
using BackupExporter.Platform;
using BackupExporter.Reporting;
using BackupExporter.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace BackupExporter.Tests.Inspection.Reverification;

/// <summary>
/// The rotation on real files: the set's own verification read gives the first digest, a later read that differs is
/// caught whatever the file's size and mtime say, the ledger survives a new instance, and the pace spreads the reads.
/// </summary>
public sealed class ReverifyInspectionTests : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(10);
    private readonly TempDirectory _dir = new();
    private readonly TempDirectory _state = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly BackupSetConfig _set;
    private readonly ArtifactSetInspector _inspector;
    private BackupSetObservation? _local;
    private readonly List<string> _warnings = [];

    public ReverifyInspectionTests()
    {
        _set = TestSets.Mysqldump(_dir.Path) with { Reverify = new ReverifyConfig(Period, 64L << 20) };
        _inspector = (ArtifactSetInspector)BackupSetInspections.Create(_set, null, _clock, _ => { });
    }

    public void Dispose()
    {
        _dir.Dispose();
        _state.Dispose();
    }

    private string LedgerPath => DigestLedger.FileFor(_state.Path, _set.Name);

    private ReverifyInspection NewRotation()
    {
        var (ledger, problem) = DigestLedger.Load(LedgerPath, StateAccess.OwnerOnly);
        return new ReverifyInspection(_set, _set.Reverify!, () => _local, ledger, problem, _clock, _ => { }, _warnings.Add);
    }

    private async Task<ReverifyObservation> RoundAsync(ReverifyInspection rotation)
    {
        _local = _inspector.Inspect(CancellationToken.None);
        return (ReverifyObservation)await rotation.RunAsync(CancellationToken.None);
    }

    private string Dump(string name, int rows, DateTimeOffset modified) =>
        DumpText.Write(_dir.File(name), DumpText.Complete(rows), gzip: true, modified: modified);

    [Fact]
    public async Task TheFirstDigestComesFromTheSetsOwnReadNotASecondOne()
    {
        var path = Dump("a.sql.gz", 300, _clock.GetUtcNow().AddHours(-1));
        var rotation = NewRotation();

        var o = await RoundAsync(rotation);

        var digest = Assert.Single(_local!.Artifacts).Digest;
        Assert.NotNull(digest);
        Assert.Equal("sha256", digest.Algorithm);
        Assert.Equal(0, o.ReadBytes); // just read by the set's verification: nothing to read again yet
        Assert.Equal(1, o.VerifiedArtifacts);
        Assert.Equal(new FileInfo(path).Length, o.VerifiedBytes);
        Assert.Equal(1.0, o.VerifiedBytesRatio);
    }

    [Fact]
    public async Task AByteFlippedWithTheMtimeResetIsCaughtWithinOnePeriodAndFailsTheArtifact()
    {
        var modified = _clock.GetUtcNow().AddDays(-3);
        var path = Dump("old.sql.gz", 400, modified);
        Dump("new.sql.gz", 400, _clock.GetUtcNow().AddHours(-1));
        var rotation = NewRotation();
        await RoundAsync(rotation);
        var first = _local!.Artifacts.Single(a => a.Path == path).Digest!;

        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(path, bytes);
        File.SetLastWriteTimeUtc(path, modified.UtcDateTime);
        ReverifyObservation o = await RoundAsync(rotation);
        for (var i = 0; i < 20 && o.Changed.Count == 0; i++)
        {
            _clock.Advance(Period / 10);
            o = await RoundAsync(rotation);
        }

        var change = Assert.Single(o.Changed);
        Assert.Equal(path, change.Artifact);
        Assert.Equal(first.Hex, change.FirstDigest);
        Assert.NotEqual(first.Hex, change.NewDigest);
        Assert.True(change.ChangedAt - first.ReadAt <= Period + TimeSpan.FromSeconds(1), "caught within one period");
        Assert.Contains($"sha256 {first.Hex}", change.Describe(), StringComparison.Ordinal);
        Assert.Contains($"sha256 {change.NewDigest}", change.Describe(), StringComparison.Ordinal);
        var verdict = SetVerdicts.Decide(new BackupSetParts(_set, _local, null, null, null, []) { Reverify = o }, _clock.GetUtcNow());
        var failed = Assert.Single(verdict.Artifacts, a => a.Status == ArtifactStatus.Failed);
        Assert.Equal(path, failed.Path);
        Assert.StartsWith("changed after it was made", failed.Checks[CheckNames.Checksum].Detail, StringComparison.Ordinal);
        Assert.Equal("1 of 2 changed since first read", ReverifyEvidence.Text(o));
    }

    [Fact]
    public async Task AReplacementOfTheSameSizeWithItsTimeResetAndANewSidecarIsCaught()
    {
        var modified = _clock.GetUtcNow().AddDays(-2);
        var path = DumpText.Write(_dir.File("old.sql"), DumpText.Complete(200), sidecar: true, modified: modified);
        var rotation = NewRotation();
        await RoundAsync(rotation);

        // Another dump of exactly the same length, a sidecar written to match, the time set back as `touch -r` would.
        var original = await File.ReadAllTextAsync(path);
        var other = original.Replace("customer 1'", "customer X'", StringComparison.Ordinal);
        Assert.Equal(original.Length, other.Length);
        var replacement = _dir.File("replacement.tmp");
        DumpText.Write(replacement, other, sidecar: true);
        File.Move(replacement + ".sha256", path + ".sha256", overwrite: true);
        File.Move(replacement, path, overwrite: true);
        File.SetLastWriteTimeUtc(path, modified.UtcDateTime);

        ReverifyObservation o = await RoundAsync(rotation);
        for (var i = 0; i < 20 && o.Changed.Count == 0; i++)
        {
            _clock.Advance(Period / 10);
            o = await RoundAsync(rotation);
        }

        Assert.Equal(path, Assert.Single(o.Changed).Artifact);
        Assert.Equal(0, o.VerifiedArtifacts);
    }

    [Fact]
    public async Task AFileOfABackupDirectoryChangedIsCaughtAndNamed()
    {
        var backup = Directory.CreateDirectory(_dir.File("2026-12-01_02-00-00")).FullName;
        await File.WriteAllTextAsync(Path.Combine(backup, "xtrabackup_checkpoints"), "backup_type = full-backuped\n");
        Directory.CreateDirectory(Path.Combine(backup, "shop"));
        var table = Path.Combine(backup, "shop", "orders.ibd");
        await File.WriteAllBytesAsync(table, Enumerable.Range(0, 1 << 16).Select(i => (byte)i).ToArray());
        var set = _set with { Kind = BackupKind.Mariabackup, Pattern = GlobPatternOf("*") };
        var inspector = (ArtifactSetInspector)BackupSetInspections.Create(set, null, _clock, _ => { });
        var (ledger, _) = DigestLedger.Load(LedgerPath, StateAccess.OwnerOnly);
        var rotation = new ReverifyInspection(set, set.Reverify!, () => _local, ledger, null, _clock, _ => { }, _warnings.Add);
        _local = inspector.Inspect(CancellationToken.None);
        var o = (ReverifyObservation)await rotation.RunAsync(CancellationToken.None);
        Assert.Equal((1 << 16) + 28, o.ReadBytes); // a directory's files get their first digest from the rotation

        var mtime = File.GetLastWriteTimeUtc(table);
        await using (var file = new FileStream(table, FileMode.Open, FileAccess.Write))
        {
            file.Position = 4096;
            file.WriteByte(0xFF);
        }
        File.SetLastWriteTimeUtc(table, mtime);
        for (var i = 0; i < 20 && o.Changed.Count == 0; i++)
        {
            _clock.Advance(Period / 10);
            _local = inspector.Inspect(CancellationToken.None);
            o = (ReverifyObservation)await rotation.RunAsync(CancellationToken.None);
        }

        var change = Assert.Single(o.Changed);
        Assert.Equal(backup, change.Artifact);
        Assert.Equal(table, change.File);
        Assert.Contains("(shop/orders.ibd)", change.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANewInstanceNeitherReadsEverythingAgainNorForgets()
    {
        var path = Dump("old.sql.gz", 300, _clock.GetUtcNow().AddDays(-1));
        for (var i = 0; i < 5; i++)
            Dump($"n{i}.sql.gz", 300 + i, _clock.GetUtcNow().AddHours(-i));
        var rotation = NewRotation();
        await RoundAsync(rotation);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[100] ^= 0x20;
        var mtime = File.GetLastWriteTimeUtc(path);
        await File.WriteAllBytesAsync(path, bytes);
        File.SetLastWriteTimeUtc(path, mtime);
        var o = await RoundAsync(rotation);
        for (var i = 0; i < 20 && o.Changed.Count == 0; i++)
        {
            _clock.Advance(Period / 10);
            o = await RoundAsync(rotation);
        }
        Assert.Single(o.Changed);

        // A restart: the same ledger file, a new inspection (the set's inspector is the one that survives here, so its
        // first reads do not refresh every file).
        _clock.Advance(Period / 100);
        var restarted = NewRotation();
        var after = await RoundAsync(restarted);

        Assert.True(after.ReadBytes < after.Bytes / 2, $"read {after.ReadBytes} bytes right after the restart");
        Assert.Equal(path, Assert.Single(after.Changed).Artifact);
        Assert.Equal(6, after.Artifacts);
    }

    [Fact]
    public async Task OnePassIsSpreadOverThePeriodOldestFirst()
    {
        for (var i = 0; i < 10; i++)
            Dump($"d{i}.sql.gz", 2000, _clock.GetUtcNow().AddDays(-i));
        var rotation = NewRotation();
        var first = await RoundAsync(rotation);
        var total = first.Bytes;
        var reads = new List<long>();
        long before = 0;
        for (var i = 0; i < 20; i++)
        {
            _clock.Advance(Period / 10);
            var o = await RoundAsync(rotation);
            reads.Add(o.ReadBytes - before);
            before = o.ReadBytes;
            Assert.True(o.OldestVerification >= _clock.GetUtcNow() - Period - Period / 10,
                $"round {i}: the oldest verification {o.OldestVerification} is more than a period old");
        }

        // Two periods: about two full passes, and no round reads more than a few artifacts' worth.
        Assert.InRange(before, total * 3 / 2, total * 5 / 2);
        Assert.All(reads, r => Assert.True(r <= total / 2, $"one round read {r} of {total} bytes"));
    }

    [Fact]
    public async Task ARemovedArtifactIsDroppedAndRememberedAsGone()
    {
        var path = Dump("old.sql.gz", 300, _clock.GetUtcNow().AddDays(-1));
        Dump("new.sql.gz", 300, _clock.GetUtcNow().AddHours(-1));
        var (ledger, _) = DigestLedger.Load(LedgerPath, StateAccess.OwnerOnly);
        var rotation = new ReverifyInspection(_set, _set.Reverify!, () => _local, ledger, null, _clock, _ => { }, _warnings.Add);
        await RoundAsync(rotation);
        var seen = _clock.GetUtcNow();

        File.Delete(path);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var o = await RoundAsync(rotation);

        Assert.Equal(1, o.Artifacts);
        var gone = Assert.Single(o.Gone);
        Assert.Equal(path, gone.Path);
        Assert.Equal(seen, gone.LastSeen);
        Assert.True(gone.Intact);
        Assert.Equal(seen, ledger.LastSeen(path));
        Assert.DoesNotContain(ledger.Files.Keys, k => k == path);
    }

    private static GlobPattern GlobPatternOf(string text) =>
        GlobPattern.TryParse(text, out var pattern, out var error) ? pattern! : throw new ArgumentException(error);
}
