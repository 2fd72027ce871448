using System.Diagnostics;
using BackupExporter.Configuration;
using BackupExporter.Inspection.Offsite;

namespace BackupExporter.IntegrationTests.Offsite;

/// <summary>
/// The off-site check over real protocols served on loopback by <c>rclone serve</c>: SFTP (md5 in common), WebDAV with
/// basic auth (no hash), a crypt remote over SFTP (no hash: size only, said), refused credentials, a frozen server,
/// and 10,000 objects.
/// </summary>
public sealed class OffsiteProtocolTests
{
    private static async Task<OffsiteObservation> RoundAsync(OffsiteInspection inspection, TimeSpan? limit = null) =>
        (OffsiteObservation)await inspection.RunAsync(new CancellationTokenSource(limit ?? TimeSpan.FromMinutes(2)).Token);

    private static async Task FlipOneByteAsync(string path)
    {
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes);
    }

    [Fact]
    public async Task SftpRemoteIsComparedByMd5AndFindsSameSizeOtherBytes()
    {
        using var scene = new OffsiteScene();
        scene.Dump("shop-1.sql.gz", 20_000, TimeSpan.FromDays(2));
        scene.Dump("shop-2.sql.gz", 20_000, TimeSpan.FromDays(1));
        await scene.CopyAllAsync();
        await using var server = await RcloneServer.StartAsync("sftp", scene.Remote);
        scene.AddSection(await server.SectionAsync("box"));

        var inSync = await RoundAsync(scene.Inspection("box:", OffsiteVerify.Hash));
        await FlipOneByteAsync(scene.RemoteCopy("shop-2.sql.gz"));
        var flipped = await RoundAsync(scene.Inspection("box:", OffsiteVerify.Hash));

        Assert.True(inSync.Up, inSync.Error);
        Assert.Equal("md5", inSync.VerifiedBy);
        Assert.Equal(0, inSync.Mismatched);
        Assert.Null(inSync.LagSince);
        Assert.Equal(1, flipped.Mismatched);
        Assert.StartsWith("shop-2.sql.gz: md5 differs", flipped.Artifacts[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebdavRemoteWithBasicAuthHasNoHashSoHashFallsBackToSizeWithTheReasonAndDownloadFindsOtherBytes()
    {
        using var scene = new OffsiteScene();
        scene.Dump("shop-1.sql.gz", 20_000, TimeSpan.FromDays(1));
        await scene.CopyAllAsync();
        await FlipOneByteAsync(scene.RemoteCopy("shop-1.sql.gz"));
        await using var server = await RcloneServer.StartAsync("webdav", scene.Remote);
        scene.AddSection(await server.SectionAsync("dav"));

        var byHash = await RoundAsync(scene.Inspection("dav:", OffsiteVerify.Hash));
        var byDownload = await RoundAsync(scene.Inspection("dav:", OffsiteVerify.Download));

        Assert.True(byHash.Up, byHash.Error);
        Assert.Equal("size", byHash.VerifiedBy);
        Assert.Contains("compared by size only", byHash.VerifyNote, StringComparison.Ordinal);
        Assert.Equal(0, byHash.Mismatched); // size alone cannot see it
        Assert.Equal(1, byDownload.Mismatched);
        Assert.Equal(20_000, byDownload.DownloadedBytes);
    }

    [Fact]
    public async Task CryptOverSftpIsComparedBySizeOnlyAndSaysSo()
    {
        using var scene = new OffsiteScene();
        scene.Dump("shop-1.sql.gz", 20_000, TimeSpan.FromDays(2));
        scene.Dump("shop-2.sql.gz", 20_000, TimeSpan.FromDays(1));
        await using var server = await RcloneServer.StartAsync("sftp", scene.Remote);
        scene.AddSection(await server.SectionAsync("box"));
        scene.AddSection($"[vault]\ntype = crypt\nremote = box:enc\npassword = {await RcloneServer.ObscureAsync("crypt-key-1")}\n");
        await Fixtures.ProcessRunner.CheckedAsync("rclone", "--config", scene.ConfigFile, "copy",
            Path.Combine(scene.Local, "shop-1.sql.gz"), "vault:");

        var o = await RoundAsync(scene.Inspection("vault:", OffsiteVerify.Hash));

        Assert.True(o.Up, o.Error);
        Assert.Equal("size", o.VerifiedBy);
        Assert.Equal("verify: hash, but the remote keeps no hash the exporter can compute (md5, sha1, sha256), as with crypt and WebDAV: "
            + "compared by size only", o.VerifyNote);
        Assert.Equal(CopyState.Copied, o.Artifacts[1].State);
        Assert.Equal(CopyState.Missing, o.Artifacts[0].State);
        Assert.False(File.Exists(scene.RemoteCopy("shop-1.sql.gz"))); // the names on the server are encrypted
    }

    [Fact]
    public async Task WrongSftpPasswordIsDownWithAClearReasonAndNoSecret()
    {
        using var scene = new OffsiteScene();
        scene.Dump("shop-1.sql.gz", 1000, TimeSpan.FromDays(1));
        await using var server = await RcloneServer.StartAsync("sftp", scene.Remote);
        scene.AddSection(await server.SectionAsync("box", password: "wrong-password-123"));

        var o = await RoundAsync(scene.Inspection("box:", timeout: TimeSpan.FromSeconds(20)));

        Assert.False(o.Up);
        Assert.Contains("unable to authenticate", o.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-123", o.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(await RcloneServer.ObscureAsync("wrong-password-123"), o.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongWebdavPasswordIsDownWith401()
    {
        using var scene = new OffsiteScene();
        await using var server = await RcloneServer.StartAsync("webdav", scene.Remote);
        scene.AddSection(await server.SectionAsync("dav", password: "nope-nope"));

        var o = await RoundAsync(scene.Inspection("dav:"));

        Assert.False(o.Up);
        Assert.Contains("401 Unauthorized", o.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FrozenServerIsStoppedBeforeTheTimeoutWithTheReasonAndRcloneIsKilled()
    {
        using var scene = new OffsiteScene();
        scene.Dump("shop-1.sql.gz", 1000, TimeSpan.FromDays(1));
        await scene.CopyAllAsync();
        await using var server = await RcloneServer.StartAsync("webdav", scene.Remote);
        scene.AddSection(await server.SectionAsync("dav"));
        var inspection = scene.Inspection("dav:", timeout: TimeSpan.FromSeconds(4));
        var before = await RoundAsync(inspection);
        server.Freeze(); // accepts connections at the kernel, never answers

        var watch = Stopwatch.StartNew();
        var down = await RoundAsync(inspection);
        watch.Stop();

        Assert.True(before.Up, before.Error);
        Assert.False(down.Up);
        // stopped at 3.6s (4s less a 10% margin), then killed
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(3.5), TimeSpan.FromSeconds(10));
        Assert.Equal("rclone did not finish within 3s600ms (timeout 4s): the remote is slow or unreachable; rclone "
            + "was stopped", down.Error);
        Assert.Empty(RclonesOf(scene.ConfigFile)); // killed with its children, not left hanging
        Assert.Equal(before.LastCopy, down.LastCopy); // the last known comparison stays visible
    }

    [Fact]
    public async Task SchedulersDeadlineKillsRcloneAndTimedOutKeepsTheLastComparison()
    {
        using var scene = new OffsiteScene();
        scene.Dump("shop-1.sql.gz", 1000, TimeSpan.FromDays(1));
        await scene.CopyAllAsync();
        await using var server = await RcloneServer.StartAsync("webdav", scene.Remote);
        scene.AddSection(await server.SectionAsync("dav"));
        var inspection = scene.Inspection("dav:", timeout: TimeSpan.FromSeconds(60));
        var before = await RoundAsync(inspection);
        server.Freeze();

        // The scheduler cancels the inspection's token when its timeout passes.
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            inspection.RunAsync(new CancellationTokenSource(TimeSpan.FromSeconds(2)).Token));
        watch.Stop();
        var down = (OffsiteObservation)inspection.TimedOut("timed out after 2s", DateTimeOffset.UtcNow)!;

        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(8));
        Assert.Empty(RclonesOf(scene.ConfigFile));
        Assert.False(down.Up);
        Assert.Contains("timed out after 2s", down.Error, StringComparison.Ordinal);
        Assert.Equal(before.LastCopy, down.LastCopy);
    }

    [Fact]
    public async Task StoppedServerIsDownWithConnectionRefused()
    {
        using var scene = new OffsiteScene();
        scene.Dump("shop-1.sql.gz", 1000, TimeSpan.FromDays(1));
        var server = await RcloneServer.StartAsync("sftp", scene.Remote);
        scene.AddSection(await server.SectionAsync("box"));
        var inspection = scene.Inspection("box:", timeout: TimeSpan.FromSeconds(20));
        await server.DisposeAsync();

        var watch = Stopwatch.StartNew();
        var o = await RoundAsync(inspection);

        Assert.False(o.Up);
        Assert.Contains("connection refused", o.Error, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task TenThousandObjectsAreListedInOneRound()
    {
        using var scene = new OffsiteScene();
        scene.Dump("shop-1.sql.gz", 1000, TimeSpan.FromDays(1));
        await scene.CopyAllAsync();
        var other = Directory.CreateDirectory(Path.Combine(scene.Remote, "other")).FullName;
        for (var i = 0; i < 9_999; i++)
            await File.WriteAllBytesAsync(Path.Combine(other, $"object-{i:D5}"), [1, 2, 3]);
        await using var server = await RcloneServer.StartAsync("sftp", scene.Remote);
        scene.AddSection(await server.SectionAsync("box"));

        var o = await RoundAsync(scene.Inspection("box:"));

        Assert.True(o.Up, o.Error);
        Assert.Equal(10_000, o.Objects);
        Assert.Equal(1000 + 9_999 * 3, o.Bytes);
        Assert.Equal(0, o.Mismatched);
        Assert.Null(o.LagSince);
    }

    /// <summary>rclone processes using this test's configuration file (other tests run their own).</summary>
    private static List<int> RclonesOf(string configFile) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : -1)
            .Where(pid => pid > 0 && CommandLine(pid).Contains(configFile, StringComparison.Ordinal) && CommandLine(pid)
                .StartsWith("rclone", StringComparison.Ordinal))
            .ToList();

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }
}
