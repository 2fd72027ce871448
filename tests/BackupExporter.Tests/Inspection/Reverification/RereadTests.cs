using BackupExporter.Inspection.Reverification;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Inspection.Reverification;

/// <summary>A re-read gives the file's digest, or says the file changed while it was read (then nothing is judged).</summary>
public sealed class RereadTests
{
    [Fact]
    public void ASettledFileGivesItsDigest()
    {
        using var dir = new TempDirectory();
        var bytes = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        File.WriteAllBytes(dir.File("a"), bytes);

        var result = Reread.Read(dir.File("a"), "sha256", new ByteRateLimit(64L << 20, TimeProvider.System), CancellationToken.None);

        Assert.Equal(RereadOutcome.Read, result.Outcome);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), result.Hex);
        Assert.Equal(bytes.Length, result.BytesRead);
    }

    [Fact]
    public async Task AFileWrittenWhileItIsReadIsUnsettledEvenWithItsMtimeSetBack()
    {
        using var dir = new TempDirectory();
        var path = dir.File("a");
        await File.WriteAllBytesAsync(path, new byte[256 * 1024]);
        var mtime = File.GetLastWriteTimeUtc(path);

        // 128 KiB/s: the read takes about two seconds; the write lands in the middle of it.
        var read = Task.Run(() => Reread.Read(path, "sha256", new ByteRateLimit(128 * 1024, TimeProvider.System), CancellationToken.None));
        await Task.Delay(700);
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            file.Position = 1000;
            file.WriteByte(1);
        }
        File.SetLastWriteTimeUtc(path, mtime); // ctime still moves: touch cannot set it back
        var result = await read;

        Assert.Equal(RereadOutcome.Unsettled, result.Outcome);
        Assert.Null(result.Hex);
    }

    [Fact]
    public void AMissingFileIsGone()
    {
        using var dir = new TempDirectory();
        var result = Reread.Read(dir.File("none"), "sha256", new ByteRateLimit(1L << 20, TimeProvider.System), CancellationToken.None);
        Assert.Equal(RereadOutcome.Gone, result.Outcome);
    }
}
