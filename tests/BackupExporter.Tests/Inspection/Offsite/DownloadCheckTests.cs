using BackupExporter.Inspection.Offsite;

namespace BackupExporter.Tests.Inspection.Offsite;

/// <summary><c>verify: download</c> with the real <c>rclone cat</c> reading a directory remote.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DownloadCheckTests : IDisposable
{
    private static readonly byte[] Bytes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    private static readonly byte[] OtherBytes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 11];

    private readonly LocalRemote _remote = new();

    public void Dispose() => _remote.Dispose();

    private static Task<string> Sha256(byte[] bytes) =>
        LocalHashes.ComputeAsync(new MemoryStream(bytes), DownloadCheck.HashType, _ => { }, CancellationToken.None);

    private async Task<RemoteObject> PutAsync(string path, byte[] bytes)
    {
        _remote.Put(path, bytes);
        return (await _remote.ListAsync()).Objects[path];
    }

    [Fact]
    public async Task The_same_bytes_match_and_other_bytes_of_the_same_size_do_not()
    {
        var same = await PutAsync("a.sql", Bytes);
        var other = await PutAsync("dir/b.sql", OtherBytes);
        var download = _remote.Download();
        download.StartRound(1 << 20);

        Assert.True(await download.MatchesAsync(same, await Sha256(Bytes), CancellationToken.None));
        Assert.False(await download.MatchesAsync(other, await Sha256(Bytes), CancellationToken.None));
        Assert.Equal(20, download.DownloadedThisRound);
        Assert.Equal(0, download.Skipped);
    }

    [Fact]
    public async Task An_object_read_once_is_not_downloaded_again_until_it_changes()
    {
        var remote = await PutAsync("a.sql", Bytes);
        var download = _remote.Download();
        download.StartRound(1 << 20);
        Assert.True(await download.MatchesAsync(remote, await Sha256(Bytes), CancellationToken.None));

        download.StartRound(1 << 20);
        Assert.True(await download.MatchesAsync(remote, await Sha256(Bytes), CancellationToken.None));
        Assert.Equal(0, download.DownloadedThisRound); // the verdict was kept

        var changed = remote with { ModTime = remote.ModTime!.Value.AddMinutes(1) };
        _remote.Put("a.sql", OtherBytes);
        Assert.False(await download.MatchesAsync(changed, await Sha256(Bytes), CancellationToken.None));
        Assert.Equal(10, download.DownloadedThisRound);
    }

    [Fact]
    public async Task Beyond_the_budget_an_object_is_not_read_and_counted_as_skipped()
    {
        var first = await PutAsync("a.sql", Bytes);
        var second = await PutAsync("b.sql", Bytes);
        var download = _remote.Download();
        download.StartRound(15);

        Assert.True(await download.MatchesAsync(first, await Sha256(Bytes), CancellationToken.None));
        Assert.Null(await download.MatchesAsync(second, await Sha256(Bytes), CancellationToken.None));
        Assert.Equal(10, download.DownloadedThisRound);
        Assert.Equal(1, download.Skipped);

        download.StartRound(0);
        Assert.Equal(0, download.Skipped); // a new round starts with nothing skipped
        Assert.True(await download.MatchesAsync(first, await Sha256(Bytes), CancellationToken.None)); // known: needs no budget
        Assert.Null(await download.MatchesAsync(second, await Sha256(Bytes), CancellationToken.None));
    }

    [Fact]
    public async Task Retain_forgets_objects_gone_from_the_remote_so_they_are_read_again_when_they_return()
    {
        var remote = await PutAsync("a.sql", Bytes);
        var download = _remote.Download();
        download.StartRound(1 << 20);
        await download.MatchesAsync(remote, await Sha256(Bytes), CancellationToken.None);

        download.Retain(new Dictionary<string, RemoteObject>());
        download.StartRound(1 << 20);
        Assert.True(await download.MatchesAsync(remote, await Sha256(Bytes), CancellationToken.None));
        Assert.Equal(10, download.DownloadedThisRound);
    }

    [Fact]
    public async Task An_object_that_cannot_be_read_is_an_error_naming_it_and_no_verdict()
    {
        var remote = await PutAsync("a.sql", Bytes);
        File.Delete(Path.Combine(_remote.Remote, "a.sql"));
        var download = _remote.Download();
        download.StartRound(1 << 20);

        var error = await Assert.ThrowsAsync<OffsiteException>(() => download.MatchesAsync(remote, "", CancellationToken.None));

        Assert.StartsWith("rclone cat a.sql failed (exit ", error.Message, StringComparison.Ordinal);
        _remote.Put("a.sql", Bytes);
        Assert.True(await download.MatchesAsync(remote, await Sha256(Bytes), CancellationToken.None)); // nothing was remembered
    }
}
