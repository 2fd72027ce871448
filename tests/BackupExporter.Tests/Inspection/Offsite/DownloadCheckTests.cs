using BackupExporter.Inspection.Offsite;
using BackupExporter.Tests.Support;

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

    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 3, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Period = TimeSpan.FromDays(7);

    [Fact]
    public async Task With_a_period_a_copy_is_read_again_once_due_and_a_changed_one_gives_both_digests_and_times()
    {
        var remote = await PutAsync("a.sql", Bytes);
        var download = _remote.Download();
        download.Period = Period;
        download.StartRound(1 << 20, T0);
        Assert.True(await download.MatchesAsync(remote, await Sha256(Bytes), CancellationToken.None));
        Assert.Empty(await download.RereadDueAsync(CancellationToken.None));

        // Replaced with other bytes of the same size and time: the listing cannot tell.
        _remote.Put("a.sql", OtherBytes);
        download.StartRound(1 << 20, T0 + Period - TimeSpan.FromSeconds(1));
        Assert.True(await download.MatchesAsync(remote, await Sha256(Bytes), CancellationToken.None));
        Assert.Empty(await download.RereadDueAsync(CancellationToken.None));
        Assert.Equal(0, download.DownloadedThisRound); // not due yet

        download.StartRound(1 << 20, T0 + Period);
        Assert.True(await download.MatchesAsync(remote, await Sha256(Bytes), CancellationToken.None)); // judged after the round's reads
        Assert.Equal(["a.sql"], await download.RereadDueAsync(CancellationToken.None));
        Assert.Equal(10, download.DownloadedThisRound);

        download.StartRound(1 << 20, T0 + Period + TimeSpan.FromHours(1));
        Assert.False(await download.MatchesAsync(remote, await Sha256(Bytes), CancellationToken.None)); // remembered
        Assert.Equal(0, download.DownloadedThisRound);
        Assert.Equal($"a.sql: the remote copy changed after it was verified: downloaded on 2026-12-01 03:00:00 UTC with sha256 "
            + $"{await Sha256(Bytes)} (as the local file), downloaded again on 2026-12-08 03:00:00 UTC with sha256 "
            + $"{await Sha256(OtherBytes)}", download.Change("a.sql"));
    }

    [Fact]
    public async Task Without_a_period_a_copy_read_once_is_never_read_again()
    {
        var remote = await PutAsync("a.sql", Bytes);
        var download = _remote.Download();
        download.StartRound(1 << 20, T0);
        await download.MatchesAsync(remote, await Sha256(Bytes), CancellationToken.None);

        _remote.Put("a.sql", OtherBytes);
        download.StartRound(1 << 20, T0 + 10 * Period);
        Assert.True(await download.MatchesAsync(remote, await Sha256(Bytes), CancellationToken.None));
        Assert.Empty(await download.RereadDueAsync(CancellationToken.None));
        Assert.Equal(0, download.DownloadedThisRound);
    }

    [Fact]
    public async Task Due_copies_are_read_again_oldest_verified_first_within_what_the_budget_leaves()
    {
        var objects = new List<RemoteObject>();
        var download = _remote.Download();
        download.Period = Period;
        string[] names = ["c.sql", "a.sql", "b.sql"];
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
        {
            objects.Add(await PutAsync(name, Bytes));
            download.StartRound(1 << 20, T0 + TimeSpan.FromHours(i)); // c first read, then a, then b
            await download.MatchesAsync(objects[^1], await Sha256(Bytes), CancellationToken.None);
        }
        var fresh = await PutAsync("new.sql", OtherBytes);
        var hash = await Sha256(Bytes);

        // A new copy has the first claim on the budget; the rest goes to the copy verified longest ago.
        var rounds = new List<string[]>();
        for (var round = 0; round < 3; round++)
        {
            download.StartRound(25, T0 + Period + TimeSpan.FromDays(1) + TimeSpan.FromMinutes(round));
            foreach (var remote in objects)
                await download.MatchesAsync(remote, hash, CancellationToken.None);
            if (round == 0)
                Assert.False(await download.MatchesAsync(fresh, hash, CancellationToken.None));
            var before = download.Reads.ToDictionary(r => r.Key, r => r.Value.LastRead);
            await download.RereadDueAsync(CancellationToken.None);
            rounds.Add([.. download.Reads.Where(r => r.Value.LastRead != before[r.Key]).Select(r => r.Key)]);
            Assert.True(download.DownloadedThisRound <= 25, $"{download.DownloadedThisRound} bytes downloaded, budget 25");
        }

        Assert.Equal([["c.sql"], ["a.sql", "b.sql"], []], rounds.Select(r => r.Order(StringComparer.Ordinal).ToArray()));
    }

    [Fact]
    public async Task Reads_restored_after_a_restart_are_not_downloaded_again_until_due()
    {
        var remote = await PutAsync("a.sql", Bytes);
        var before = _remote.Download();
        before.Period = Period;
        before.StartRound(1 << 20, T0);
        await before.MatchesAsync(remote, await Sha256(Bytes), CancellationToken.None);
        using var dir = new TempDirectory();
        var file = CopyReadFile.For(dir.Path, "shop", "s3");
        Assert.Null(CopyReadFile.Save(file, "s3:b/shop", before.Reads, BackupExporter.Platform.StateAccess.OwnerOnly));

        var (reads, warning) = CopyReadFile.Load(file, "s3:b/shop");
        Assert.Null(warning);
        // The remote moved: the reads saved are of other copies, and count for nothing.
        Assert.Empty(CopyReadFile.Load(file, "s3:elsewhere/shop").Reads);
        var after = _remote.Download();
        after.Period = Period;
        after.Restore(reads);
        after.StartRound(1 << 20, T0 + TimeSpan.FromDays(1));
        Assert.True(await after.MatchesAsync(remote, await Sha256(Bytes), CancellationToken.None));
        await after.RereadDueAsync(CancellationToken.None);
        Assert.Equal(0, after.DownloadedThisRound);

        after.StartRound(1 << 20, T0 + Period);
        await after.MatchesAsync(remote, await Sha256(Bytes), CancellationToken.None);
        await after.RereadDueAsync(CancellationToken.None);
        Assert.Equal(10, after.DownloadedThisRound); // the period counts from the read before the restart
    }
}
