using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Offsite;
using BackupExporter.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace BackupExporter.Tests.Inspection.Offsite;

/// <summary>Rounds of the inspection against a directory remote through the real rclone.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class OffsiteInspectionTests : IDisposable
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly LocalRemote _remote = new();
    private readonly List<ArtifactObservation> _artifacts = [];

    public void Dispose() => _remote.Dispose();

    private ArtifactObservation Dump(string name, TimeSpan age)
    {
        var dump = _remote.Dump(name, age);
        _artifacts.Add(dump);
        return dump;
    }

    private OffsiteInspection Inspection(string? remote = null, OffsiteVerify verify = OffsiteVerify.Size, TimeSpan? maxLag = null) => new(
        TestSets.Mysqldump(_remote.Local, name: "shop", pattern: "*", checksum: ChecksumMode.None),
        new OffsiteConfig
        {
            Name = "copy", Remote = remote ?? _remote.Remote, RcloneConfig = _remote.ConfigFile, Interval = TimeSpan.FromMinutes(15),
            Timeout = TimeSpan.FromSeconds(30), MaxLag = maxLag ?? 6 * Hour, Verify = verify,
        },
        () => new BackupSetObservation("shop", DateTimeOffset.UtcNow, null, _artifacts.OrderBy(a => a.ModifiedTime).ToList(), null, null,
            DateTimeOffset.UtcNow),
        TimeProvider.System, _ => { });

    private static async Task<OffsiteObservation> RunAsync(OffsiteInspection inspection) =>
        (OffsiteObservation)await inspection.RunAsync(CancellationToken.None);

    [Theory]
    [InlineData("s3eu:bucket/shop", "a/b.sql", "s3eu:bucket/shop/a/b.sql")]
    [InlineData("s3eu:", "b.sql", "s3eu:b.sql")]
    [InlineData("s3eu:bucket/", "b.sql", "s3eu:bucket/b.sql")]
    [InlineData("/srv/copies", "b.sql", "/srv/copies/b.sql")]
    public void A_remote_path_and_a_relative_one_are_joined_in_rclones_syntax(string remote, string relative, string expected) =>
        Assert.Equal(expected, OffsiteInspection.Join(remote, relative));

    [Fact]
    public async Task The_remote_is_behind_since_the_oldest_artifact_newer_than_its_newest_copy()
    {
        var oldest = Dump("shop-1.sql.gz", 10 * Hour);
        var middle = Dump("shop-2.sql.gz", 5 * Hour);
        await _remote.CopyAllAsync();
        var newest = Dump("shop-3.sql.gz", Hour);

        var round = await RunAsync(Inspection(maxLag: 2 * Hour));

        Assert.True(round.Up);
        Assert.Equal(("shop", "copy"), (round.Backup, round.Remote));
        Assert.Equal(["shop-3.sql.gz", "shop-2.sql.gz", "shop-1.sql.gz"], round.Artifacts.Select(a => a.Name));
        Assert.Equal([CopyState.Missing, CopyState.Copied, CopyState.Copied], round.Artifacts.Select(a => a.State));
        Assert.Equal(middle.ModifiedTime, round.LastCopy);
        Assert.Equal(newest.ModifiedTime, round.LagSince);
        Assert.Equal(0, round.Missing); // the newest is missing, but for less than max_lag
        Assert.Equal((2L, 2000L), (round.Objects, round.Bytes));
        Assert.Equal("size", round.VerifiedBy);
        Assert.NotEqual(oldest.ModifiedTime, round.LagSince);
    }

    [Fact]
    public async Task Only_good_artifacts_missing_for_longer_than_max_lag_count_as_missing()
    {
        Dump("shop-1.sql.gz", 10 * Hour);
        await _remote.CopyAllAsync();
        var middle = Dump("shop-2.sql.gz", 5 * Hour);
        Dump("shop-3.sql.gz", Hour);

        var round = await RunAsync(Inspection(maxLag: 2 * Hour));

        Assert.Equal(1, round.Missing);
        Assert.Equal(middle.ModifiedTime, round.LagSince);
    }

    [Fact]
    public async Task Verify_hash_uses_the_first_hash_the_local_backend_shares_and_finds_other_bytes()
    {
        var dump = Dump("shop-1.sql.gz", Hour);
        await _remote.CopyAllAsync();
        var bytes = File.ReadAllBytes(dump.Path);
        bytes[0] ^= 0xff;
        _remote.Put("shop-1.sql.gz", bytes);

        var round = await RunAsync(Inspection(verify: OffsiteVerify.Hash));

        Assert.Equal("md5", round.VerifiedBy);
        Assert.Null(round.VerifyNote);
        Assert.Equal(1, round.Mismatched);
        Assert.Null(round.LastCopy);
        Assert.Equal(dump.ModifiedTime, round.LagSince);
    }

    [Fact]
    public async Task A_remote_path_not_there_yet_is_up_with_everything_missing_and_says_so()
    {
        Dump("shop-1.sql.gz", 10 * Hour);
        var remote = Path.Combine(_remote.Remote, "not-yet");

        var round = await RunAsync(Inspection(remote));

        Assert.True(round.Up);
        Assert.Equal(CopyState.Missing, Assert.Single(round.Artifacts).State);
        Assert.Equal(1, round.Missing);
        Assert.Equal($"{remote} does not exist yet on the remote: nothing has been copied", round.VerifyNote);
    }

    [Fact]
    public async Task A_remote_rclone_does_not_know_is_down_with_its_reason()
    {
        Dump("shop-1.sql.gz", Hour);

        var round = await RunAsync(Inspection("nosuchremote:shop"));

        Assert.False(round.Up);
        Assert.StartsWith("rclone lsjson failed (exit ", round.Error, StringComparison.Ordinal);
        Assert.Contains("nosuchremote", round.Error, StringComparison.Ordinal);
        Assert.Empty(round.Artifacts);
    }

    [Fact]
    public async Task A_timed_out_round_is_down_and_keeps_the_last_comparison()
    {
        var dump = Dump("shop-1.sql.gz", Hour);
        await _remote.CopyAllAsync();
        var inspection = Inspection();
        var first = await RunAsync(inspection);
        var at = DateTimeOffset.UtcNow;

        var timedOut = Assert.IsType<OffsiteObservation>(inspection.TimedOut("no answer within 30s", at));

        Assert.False(timedOut.Up);
        Assert.Equal("rclone did not finish: no answer within 30s (the remote is slow or unreachable; rclone was stopped)", timedOut.Error);
        Assert.Equal(at, timedOut.ObservedAt);
        Assert.Equal(first.Artifacts, timedOut.Artifacts);
        Assert.Equal(dump.ModifiedTime, timedOut.LastCopy);
    }

    [Fact]
    public async Task A_world_readable_rclone_config_is_warned_about_on_every_round()
    {
        Dump("shop-1.sql.gz", Hour);
        File.SetUnixFileMode(_remote.ConfigFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var round = await RunAsync(Inspection());

        Assert.True(round.Up);
        Assert.Contains("readable by every user", Assert.Single(round.Warnings), StringComparison.Ordinal);
    }

    private static readonly TimeSpan ReverifyPeriod = TimeSpan.FromMinutes(10);

    /// <summary>reverify on, verify: download, the reads kept in <paramref name="readsFile"/> (null: in memory).</summary>
    private OffsiteInspection Rotating(TimeProvider clock, string? readsFile, long downloadLimit = 1 << 30) => new(
        TestSets.Mysqldump(_remote.Local, name: "shop", pattern: "*", checksum: ChecksumMode.None) with
        {
            Reverify = new ReverifyConfig(ReverifyPeriod, 1 << 20),
        },
        new OffsiteConfig
        {
            Name = "copy", Remote = _remote.Remote, RcloneConfig = _remote.ConfigFile, Interval = TimeSpan.FromMinutes(1),
            Timeout = TimeSpan.FromSeconds(30), MaxLag = 6 * Hour, Verify = OffsiteVerify.Download, DownloadLimitBytes = downloadLimit,
        },
        () => new BackupSetObservation("shop", DateTimeOffset.UtcNow, null, _artifacts.OrderBy(a => a.ModifiedTime).ToList(), null, null,
            DateTimeOffset.UtcNow),
        clock, _ => { }, readsFile);

    /// <summary>Other bytes of the same size on the remote, with the old modification time put back.</summary>
    private void ReplaceOnRemote(string name)
    {
        var path = Path.Combine(_remote.Remote, name);
        var time = File.GetLastWriteTimeUtc(path);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xff;
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, time);
    }

    [Fact]
    public async Task With_reverify_a_remote_copy_replaced_after_its_first_download_is_mismatched_within_one_period()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        Dump("shop-1.sql.gz", 10 * Hour);
        Dump("shop-2.sql.gz", 5 * Hour);
        await _remote.CopyAllAsync();
        var inspection = Rotating(clock, null);
        var first = await RunAsync(inspection);
        Assert.Equal(2000, first.DownloadedBytes);
        Assert.All(first.Artifacts, a => Assert.Equal(CopyState.Copied, a.State));
        var firstRead = clock.GetUtcNow();

        ReplaceOnRemote("shop-1.sql.gz");
        clock.Advance(ReverifyPeriod / 2);
        var early = await RunAsync(inspection);
        Assert.Equal(0, early.DownloadedBytes); // not due yet
        Assert.Equal(0, early.Mismatched);

        clock.Advance(ReverifyPeriod / 2);
        var due = await RunAsync(inspection);

        Assert.Equal(2000, due.DownloadedBytes);
        Assert.Equal(1, due.Mismatched);
        var changed = due.Artifacts.Single(a => a.Name == "shop-1.sql.gz");
        Assert.Equal(CopyState.Mismatched, changed.State);
        Assert.StartsWith("shop-1.sql.gz: the remote copy changed after it was verified: downloaded on "
            + $"{firstRead.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC with sha256 ", changed.Detail, StringComparison.Ordinal);
        Assert.Contains($"downloaded again on {clock.GetUtcNow().UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC with sha256 ", changed.Detail,
            StringComparison.Ordinal);
        Assert.Equal(CopyState.Copied, due.Artifacts.Single(a => a.Name == "shop-2.sql.gz").State);

        clock.Advance(TimeSpan.FromMinutes(1));
        var next = await RunAsync(inspection);
        Assert.Equal((1, 0L), (next.Mismatched, next.DownloadedBytes)); // still mismatched, without reading it again
    }

    [Fact]
    public async Task With_reverify_a_restart_neither_downloads_everything_again_nor_forgets_when_each_copy_was_read()
    {
        using var state = new TempDirectory();
        var readsFile = CopyReadFile.For(state.Path, "shop", "copy");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        Dump("shop-1.sql.gz", 10 * Hour);
        Dump("shop-2.sql.gz", 5 * Hour);
        await _remote.CopyAllAsync();
        Assert.Equal(2000, (await RunAsync(Rotating(clock, readsFile))).DownloadedBytes);
        Assert.True(File.Exists(readsFile));

        clock.Advance(ReverifyPeriod / 2);
        var restarted = await RunAsync(Rotating(clock, readsFile));
        Assert.Equal(0, restarted.DownloadedBytes);
        Assert.All(restarted.Artifacts, a => Assert.Equal(CopyState.Copied, a.State));

        ReplaceOnRemote("shop-2.sql.gz");
        clock.Advance(ReverifyPeriod / 2);
        var again = await RunAsync(Rotating(clock, readsFile));
        Assert.Equal(2000, again.DownloadedBytes); // due a period after the reads before the restart
        Assert.Equal(CopyState.Mismatched, again.Artifacts.Single(a => a.Name == "shop-2.sql.gz").State);
        Assert.Empty(again.Warnings);
    }

    [Fact]
    public async Task With_reverify_a_small_budget_spreads_the_re_reads_over_rounds_oldest_verified_first()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        Dump("shop-1.sql.gz", 10 * Hour);
        Dump("shop-2.sql.gz", 5 * Hour);
        Dump("shop-3.sql.gz", 2 * Hour);
        await _remote.CopyAllAsync();
        var inspection = Rotating(clock, null, downloadLimit: 1500);
        var downloaded = new List<long>();
        for (var round = 0; round < 3; round++) // the first reads, newest first, one per round
        {
            downloaded.Add((await RunAsync(inspection)).DownloadedBytes);
            clock.Advance(TimeSpan.FromMinutes(1));
        }
        Assert.Equal([1000L, 1000, 1000], downloaded);

        ReplaceOnRemote("shop-3.sql.gz"); // read first, so verified longest ago
        clock.Advance(ReverifyPeriod);
        var due = await RunAsync(inspection);

        Assert.Equal(1000, due.DownloadedBytes);
        Assert.Equal(CopyState.Mismatched, due.Artifacts.Single(a => a.Name == "shop-3.sql.gz").State);
        Assert.Equal("2 copy(ies) due for a re-read wait for a later round: download_limit reached", due.VerifyNote);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal((1000L, 1), ((await RunAsync(inspection)).DownloadedBytes, due.Mismatched));
    }
}
