using BackupExporter.Configuration;
using BackupExporter.Inspection.Offsite;

namespace BackupExporter.IntegrationTests.Offsite;

/// <summary>
/// The off-site check against a real rclone and a local-path remote: in sync, the newest copy missing, a copy cut
/// short, a copy with the same size and other bytes, directory artifacts, a remote path not there yet.
/// </summary>
public sealed class OffsiteInspectionTests
{
    private static async Task<OffsiteObservation> RoundAsync(OffsiteInspection inspection) =>
        (OffsiteObservation)await inspection.RunAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);

    [Fact]
    public async Task InSyncRemoteHoldsEveryArtifactWithNoLag()
    {
        using var scene = new OffsiteScene();
        scene.Dump("shop-1.sql.gz", 5000, TimeSpan.FromDays(2));
        scene.Dump("shop-2.sql.gz", 6000, TimeSpan.FromDays(1));
        await scene.CopyAllAsync();

        var o = await RoundAsync(scene.Inspection(scene.Remote, OffsiteVerify.Hash));

        Assert.True(o.Up, o.Error);
        Assert.Equal(2, o.Objects);
        Assert.Equal(11000, o.Bytes);
        Assert.Null(o.LagSince);
        Assert.Equal(0, o.Missing);
        Assert.Equal(0, o.Mismatched);
        Assert.Equal("md5", o.VerifiedBy);
        Assert.Equal(File.GetLastWriteTimeUtc(Path.Combine(scene.Local, "shop-2.sql.gz")), o.LastCopy!.Value.UtcDateTime);
        Assert.All(o.Artifacts, a => Assert.Equal(CopyState.Copied, a.State));
    }

    [Fact]
    public async Task NewestCopyMissingMakesTheRemoteBehindSinceThatArtifactAndCountsOnlyArtifactsOlderThanMaxLag()
    {
        using var scene = new OffsiteScene();
        scene.Dump("shop-1.sql.gz", 1000, TimeSpan.FromDays(3));
        await scene.CopyAllAsync();
        scene.Dump("shop-2.sql.gz", 1000, TimeSpan.FromDays(2));
        scene.Dump("shop-3.sql.gz", 1000, TimeSpan.FromHours(1));

        var o = await RoundAsync(scene.Inspection(scene.Remote, maxLag: TimeSpan.FromHours(6)));

        Assert.True(o.Up, o.Error);
        var shop1 = File.GetLastWriteTimeUtc(Path.Combine(scene.Local, "shop-1.sql.gz"));
        var shop2 = File.GetLastWriteTimeUtc(Path.Combine(scene.Local, "shop-2.sql.gz"));
        Assert.Equal(shop1, o.LastCopy!.Value.UtcDateTime);
        Assert.Equal(shop2, o.LagSince!.Value.UtcDateTime); // behind since the first artifact it lacks
        Assert.Equal(1, o.Missing); // shop-3 is an hour old: within max_lag, not counted yet
        Assert.Equal(0, o.Mismatched);
        Assert.Equal(CopyState.Missing, o.Artifacts[0].State);
        Assert.Contains("shop-3.sql.gz is not on the remote", o.Artifacts[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CopyCutShortIsMismatchedWithBothSizes()
    {
        using var scene = new OffsiteScene();
        scene.Dump("shop-1.sql.gz", 10_000, TimeSpan.FromDays(1));
        await scene.CopyAllAsync();
        await using (var copy = File.OpenWrite(scene.RemoteCopy("shop-1.sql.gz")))
            copy.SetLength(4096);

        var o = await RoundAsync(scene.Inspection(scene.Remote));

        Assert.Equal(1, o.Mismatched);
        Assert.Null(o.LastCopy);
        Assert.Equal("shop-1.sql.gz: 4096 bytes on the remote, 10000 here (a copy cut short?)", o.Artifacts[0].Detail);
    }

    [Fact]
    public async Task SameSizeOtherBytesPassesBySizeButIsFoundByHashAndByDownload()
    {
        using var scene = new OffsiteScene();
        scene.Dump("shop-1.sql.gz", 10_000, TimeSpan.FromDays(1));
        await scene.CopyAllAsync();
        var remote = scene.RemoteCopy("shop-1.sql.gz");
        var bytes = await File.ReadAllBytesAsync(remote);
        bytes[5000] ^= 0xFF;
        await File.WriteAllBytesAsync(remote, bytes);

        var bySize = await RoundAsync(scene.Inspection(scene.Remote, OffsiteVerify.Size));
        var byHash = await RoundAsync(scene.Inspection(scene.Remote, OffsiteVerify.Hash));
        var byDownload = await RoundAsync(scene.Inspection(scene.Remote, OffsiteVerify.Download));

        Assert.Equal(0, bySize.Mismatched);
        Assert.Equal(1, byHash.Mismatched);
        Assert.StartsWith("shop-1.sql.gz: md5 differs", byHash.Artifacts[0].Detail, StringComparison.Ordinal);
        Assert.Equal(1, byDownload.Mismatched);
        Assert.Equal("shop-1.sql.gz: the downloaded bytes differ from the local file (same size)", byDownload.Artifacts[0].Detail);
        Assert.Equal(10_000, byDownload.DownloadedBytes);
    }

    [Fact]
    public async Task DownloadReadsEachObjectOnceWithinTheLimitNewestFirstAndHashesLocalFilesOnce()
    {
        using var scene = new OffsiteScene();
        scene.Dump("shop-1.sql.gz", 30_000, TimeSpan.FromDays(3));
        scene.Dump("shop-2.sql.gz", 30_000, TimeSpan.FromDays(2));
        scene.Dump("shop-3.sql.gz", 30_000, TimeSpan.FromDays(1));
        await scene.CopyAllAsync();
        long localRead = 0;
        var inspection = scene.Inspection(scene.Remote, OffsiteVerify.Download, downloadLimit: 65_000, bytesRead: n =>
            Interlocked.Add(ref localRead, n));

        var first = await RoundAsync(inspection);
        var second = await RoundAsync(inspection);
        var third = await RoundAsync(inspection);

        Assert.Equal(60_000, first.DownloadedBytes); // the two newest fit in 65,000; the oldest waits
        Assert.Contains("1 object(s) compared by size only this round", first.VerifyNote, StringComparison.Ordinal);
        Assert.Equal(30_000, second.DownloadedBytes); // only the one not read before
        Assert.Null(second.VerifyNote);
        Assert.Equal(0, third.DownloadedBytes);
        Assert.Equal(0, third.Mismatched);
        Assert.Equal(90_000, Interlocked.Read(ref localRead)); // each local file hashed once in three rounds
    }

    [Fact]
    public async Task DirectoryArtifactComparesEveryFileAndAFileMissingIsAMismatch()
    {
        using var scene = new OffsiteScene();
        scene.DirectoryArtifact("2026-11-29", TimeSpan.FromDays(2), ("metadata", 200), ("shop.orders.sql.gz", 4000),
            ("shop-schema-create.sql.gz", 100));
        scene.DirectoryArtifact("2026-11-30", TimeSpan.FromDays(1), ("metadata", 200), ("shop.orders.sql.gz", 5000),
            ("shop-schema-create.sql.gz", 100));
        await scene.CopyAllAsync();
        File.Delete(Path.Combine(scene.Remote, "2026-11-30", "shop.orders.sql.gz"));

        var o = await RoundAsync(scene.Inspection(scene.Remote, kind: BackupKind.Mydumper));

        Assert.Equal(5, o.Objects); // one file of the newest was lost
        Assert.Equal(CopyState.Mismatched, o.Artifacts[0].State);
        Assert.Equal("2026-11-30/shop.orders.sql.gz is not on the remote (2 of 3 files copied)", o.Artifacts[0].Detail);
        Assert.Equal(CopyState.Copied, o.Artifacts[1].State);
        Assert.Equal(File.GetLastWriteTimeUtc(Path.Combine(scene.Local, "2026-11-29")), o.LastCopy!.Value.UtcDateTime);
    }

    [Fact]
    public async Task RemotePathNotThereYetIsUpWithEverythingMissing()
    {
        using var scene = new OffsiteScene();
        scene.Dump("shop-1.sql.gz", 1000, TimeSpan.FromDays(1));

        var o = await RoundAsync(scene.Inspection(Path.Combine(scene.Remote, "never-made")));

        Assert.True(o.Up);
        Assert.Equal(1, o.Missing);
        Assert.Contains("does not exist yet on the remote", o.VerifyNote, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownRemoteIsDownWithRclonesReason()
    {
        using var scene = new OffsiteScene();
        scene.Dump("shop-1.sql.gz", 1000, TimeSpan.FromDays(1));

        var o = await RoundAsync(scene.Inspection("nosuchremote:bucket/shop"));

        Assert.False(o.Up);
        Assert.Contains("rclone lsjson failed (exit 1", o.Error, StringComparison.Ordinal);
        Assert.Contains("didn't find section in config file", o.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorldReadableRcloneConfigIsWarnedAbout()
    {
        using var scene = new OffsiteScene();
        File.SetUnixFileMode(scene.ConfigFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var o = await RoundAsync(scene.Inspection(scene.Remote));

        Assert.Equal($"{scene.ConfigFile} holds storage credentials and is readable by every user on the machine; chmod 600 (or 640 with "
            + $"the exporter's group)", Assert.Single(o.Warnings));
    }
}
