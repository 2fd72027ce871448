using System.Text;
using BackupExporter.Inspection.Offsite;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Inspection.Offsite;

public sealed class LocalHashesTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private long _bytesRead;

    public void Dispose() => _dir.Dispose();

    private LocalHashes Hashes() => new(n => _bytesRead += n);

    private (string Path, long Size, DateTime Modified) Write(string name, string text)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, text);
        var info = new FileInfo(path);
        return (path, info.Length, info.LastWriteTimeUtc);
    }

    [Theory]
    [InlineData("md5", "900150983cd24fb0d6963f7d28e17f72")]
    [InlineData("sha1", "a9993e364706816aba3e25717850c26c9cd0d89d")]
    [InlineData("sha256", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    public async Task Each_supported_hash_is_the_lower_case_hex_digest(string type, string expected)
    {
        var (path, size, modified) = Write("a.sql", "abc");

        Assert.Equal(expected, await Hashes().HashAsync(path, size, modified, type, CancellationToken.None));
        Assert.Equal(3, _bytesRead);
    }

    [Fact]
    public void The_supported_hashes_are_those_rclone_remotes_keep_and_the_exporter_computes() =>
        Assert.Equal(["md5", "sha1", "sha256"], LocalHashes.Supported);

    [Fact]
    public async Task A_file_is_read_once_per_identity_and_type()
    {
        var (path, size, modified) = Write("a.sql", new string('x', 5000));
        var hashes = Hashes();

        var first = await hashes.HashAsync(path, size, modified, "md5", CancellationToken.None);
        var again = await hashes.HashAsync(path, size, modified, "md5", CancellationToken.None);
        Assert.Equal(first, again);
        Assert.Equal(5000, _bytesRead);

        await hashes.HashAsync(path, size, modified, "sha1", CancellationToken.None);
        Assert.Equal(10000, _bytesRead); // another type is another read
    }

    [Fact]
    public async Task A_file_that_changed_is_read_again()
    {
        var (path, size, modified) = Write("a.sql", "abc");
        var hashes = Hashes();
        var before = await hashes.HashAsync(path, size, modified, "md5", CancellationToken.None);

        File.WriteAllText(path, "abd");
        var changed = new FileInfo(path).LastWriteTimeUtc.AddSeconds(1);
        var after = await hashes.HashAsync(path, 3, changed, "md5", CancellationToken.None);

        Assert.NotEqual(before, after);
        Assert.Equal(6, _bytesRead);
    }

    [Fact]
    public async Task Retain_forgets_files_no_longer_listed_so_they_are_read_again()
    {
        var a = Write("a.sql", "abc");
        var b = Write("b.sql", "defg");
        var hashes = Hashes();
        await hashes.HashAsync(a.Path, a.Size, a.Modified, "md5", CancellationToken.None);
        await hashes.HashAsync(b.Path, b.Size, b.Modified, "md5", CancellationToken.None);

        hashes.Retain(new HashSet<string> { b.Path });
        await hashes.HashAsync(b.Path, b.Size, b.Modified, "md5", CancellationToken.None);
        Assert.Equal(7, _bytesRead); // b kept
        await hashes.HashAsync(a.Path, a.Size, a.Modified, "md5", CancellationToken.None);
        Assert.Equal(10, _bytesRead); // a forgotten
    }

    [Fact]
    public async Task A_hash_the_exporter_does_not_compute_is_refused()
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            LocalHashes.ComputeAsync(new MemoryStream(Encoding.ASCII.GetBytes("abc")), "crc32", _ => { }, CancellationToken.None));

        Assert.Contains("not a hash the exporter computes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_an_error_and_nothing_is_cached()
    {
        var hashes = Hashes();
        var path = _dir.File("late.sql");
        var modified = new DateTime(2026, 11, 24, 2, 0, 0, DateTimeKind.Utc);

        await Assert.ThrowsAsync<FileNotFoundException>(() => hashes.HashAsync(path, 3, modified, "md5", CancellationToken.None));

        File.WriteAllText(path, "abc");
        File.SetLastWriteTimeUtc(path, modified);
        Assert.Equal("900150983cd24fb0d6963f7d28e17f72", await hashes.HashAsync(path, 3, modified, "md5", CancellationToken.None));
    }

    [Fact]
    public async Task A_file_larger_than_the_buffer_is_hashed_whole()
    {
        var bytes = new byte[(1 << 20) * 2 + 17];
        new Random(3).NextBytes(bytes);
        var path = _dir.File("big.sql");
        File.WriteAllBytes(path, bytes);

        var hash = await LocalHashes.ComputeAsync(path, "sha256", n => _bytesRead += n, CancellationToken.None);

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), hash);
        Assert.Equal(bytes.Length, _bytesRead);
    }
}
