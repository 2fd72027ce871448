using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Offsite;

namespace BackupExporter.Tests.Inspection.Offsite;

/// <summary>Local good artifacts against the real listing of a directory remote.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CopyComparisonTests : IDisposable
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly LocalRemote _remote = new();
    private long _bytesRead;

    public void Dispose() => _remote.Dispose();

    private async Task<IReadOnlyList<ArtifactCopy>> CompareAsync(IReadOnlyList<ArtifactObservation> newestFirst,
        OffsiteVerify verify = OffsiteVerify.Size, string? hashType = null, long downloadBudget = 1 << 30, DownloadCheck? download = null)
    {
        download ??= _remote.Download();
        download.StartRound(downloadBudget);
        var comparison = new CopyComparison(new LocalHashes(n => _bytesRead += n), download);
        var listing = await _remote.ListAsync(hashType);
        return await comparison.CompareAsync(_remote.Local, newestFirst, listing, verify, hashType, CancellationToken.None);
    }

    private void Overwrite(string relative, Func<byte[], byte[]> change) =>
        _remote.Put(relative, change(File.ReadAllBytes(Path.Combine(_remote.Remote, relative))));

    private static byte[] FlipLastByte(byte[] bytes)
    {
        bytes[^1] ^= 0xff;
        return bytes;
    }

    [Fact]
    public async Task Copied_artifacts_keep_their_order_name_and_end()
    {
        var older = _remote.Dump("shop-1.sql.gz", 2 * Hour);
        var newer = _remote.Dump("shop-2.sql.gz", Hour);
        await _remote.CopyAllAsync();

        var copies = await CompareAsync([newer, older]);

        Assert.Equal([new ArtifactCopy("shop-2.sql.gz", newer.ModifiedTime, CopyState.Copied, null),
            new ArtifactCopy("shop-1.sql.gz", older.ModifiedTime, CopyState.Copied, null)], copies);
    }

    [Fact]
    public async Task An_artifact_not_on_the_remote_is_missing()
    {
        var older = _remote.Dump("shop-1.sql.gz", 2 * Hour);
        await _remote.CopyAllAsync();
        var newer = _remote.Dump("shop-2.sql.gz", Hour);

        var copies = await CompareAsync([newer, older]);

        Assert.Equal((CopyState.Missing, "shop-2.sql.gz is not on the remote"), (copies[0].State, copies[0].Detail));
        Assert.Equal(CopyState.Copied, copies[1].State);
    }

    [Fact]
    public async Task A_copy_cut_short_is_mismatched_with_both_sizes()
    {
        var dump = _remote.Dump("shop.sql.gz", Hour, size: 1000);
        await _remote.CopyAllAsync();
        Overwrite("shop.sql.gz", bytes => bytes[..600]);

        var copy = Assert.Single(await CompareAsync([dump]));

        Assert.Equal(CopyState.Mismatched, copy.State);
        Assert.Equal("shop.sql.gz: 600 bytes on the remote, 1000 here (a copy cut short?)", copy.Detail);
    }

    [Fact]
    public async Task A_directory_artifact_is_every_file_in_it()
    {
        var partial = _remote.DirectoryArtifact("shop-1", 3 * Hour, ("metadata", 10), ("shop.orders.sql", 20), ("shop.users.sql", 30));
        var absent = _remote.DirectoryArtifact("shop-2", 2 * Hour, ("metadata", 10), ("shop.orders.sql", 20));
        var whole = _remote.DirectoryArtifact("shop-3", Hour, ("metadata", 10), ("sub/shop.orders.sql", 20));
        await _remote.CopyAllAsync();
        File.Delete(Path.Combine(_remote.Remote, "shop-1", "shop.users.sql"));
        Directory.Delete(Path.Combine(_remote.Remote, "shop-2"), recursive: true);

        var copies = await CompareAsync([whole, absent, partial]);

        Assert.Equal(
        [
            (CopyState.Copied, null),
            (CopyState.Missing, "none of its 2 files is on the remote"),
            (CopyState.Mismatched, "shop-1/shop.users.sql is not on the remote (2 of 3 files copied)"),
        ], copies.Select(c => (c.State, c.Detail)));
    }

    [Fact]
    public async Task An_artifact_deleted_locally_since_the_sets_inspection_is_left_out()
    {
        var kept = _remote.Dump("shop-2.sql.gz", Hour);
        var gone = _remote.Dump("shop-1.sql.gz", 2 * Hour);
        await _remote.CopyAllAsync();
        File.Delete(gone.Path);

        var copy = Assert.Single(await CompareAsync([kept, gone]));

        Assert.Equal("shop-2.sql.gz", copy.Name);
    }

    [Fact]
    public async Task Same_size_other_bytes_pass_by_size_and_are_found_by_hash()
    {
        var dump = _remote.Dump("shop.sql.gz", Hour);
        await _remote.CopyAllAsync();
        Overwrite("shop.sql.gz", FlipLastByte);

        Assert.Equal(CopyState.Copied, Assert.Single(await CompareAsync([dump], OffsiteVerify.Size)).State);
        Assert.Equal(0, _bytesRead); // sizes need no reading

        var copy = Assert.Single(await CompareAsync([dump], OffsiteVerify.Hash, "md5"));
        Assert.Equal(CopyState.Mismatched, copy.State);
        Assert.Matches("^shop.sql.gz: md5 differs \\(remote [0-9a-f]{32}, here [0-9a-f]{32}\\)$", copy.Detail);
        Assert.Equal(1000, _bytesRead);
    }

    [Fact]
    public async Task Equal_hashes_are_copied()
    {
        var dump = _remote.Dump("shop.sql.gz", Hour);
        await _remote.CopyAllAsync();

        var copy = Assert.Single(await CompareAsync([dump], OffsiteVerify.Hash, "sha1"));

        Assert.Equal((CopyState.Copied, null), (copy.State, copy.Detail));
    }

    [Fact]
    public async Task Hash_without_a_hash_type_in_common_compares_sizes_only()
    {
        var dump = _remote.Dump("shop.sql.gz", Hour);
        await _remote.CopyAllAsync();
        Overwrite("shop.sql.gz", FlipLastByte);

        var copy = Assert.Single(await CompareAsync([dump], OffsiteVerify.Hash, hashType: null));

        Assert.Equal(CopyState.Copied, copy.State);
        Assert.Equal(0, _bytesRead);
    }

    [Fact]
    public async Task Download_finds_other_bytes_of_the_same_size()
    {
        var same = _remote.Dump("shop-1.sql.gz", 2 * Hour);
        var changed = _remote.Dump("shop-2.sql.gz", Hour);
        await _remote.CopyAllAsync();
        Overwrite("shop-2.sql.gz", FlipLastByte);

        var copies = await CompareAsync([changed, same], OffsiteVerify.Download);

        Assert.Equal(
        [
            (CopyState.Mismatched, "shop-2.sql.gz: the downloaded bytes differ from the local file (same size)"),
            (CopyState.Copied, null),
        ], copies.Select(c => (c.State, c.Detail)));
    }

    [Fact]
    public async Task Download_beyond_its_limit_says_the_copy_was_compared_by_size_only()
    {
        var dump = _remote.Dump("shop.sql.gz", Hour);
        await _remote.CopyAllAsync();
        var download = _remote.Download();

        var copy = Assert.Single(await CompareAsync([dump], OffsiteVerify.Download, downloadBudget: 999, download: download));

        Assert.Equal((CopyState.Copied, "size only this round: the download limit was reached"), (copy.State, copy.Detail));
        Assert.Equal(1, download.Skipped);
        Assert.Equal(0, download.DownloadedThisRound);
    }
}
