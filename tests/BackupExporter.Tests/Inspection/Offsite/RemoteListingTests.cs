using System.Text;
using System.Text.Json;
using BackupExporter.Inspection.Offsite;

namespace BackupExporter.Tests.Inspection.Offsite;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RemoteListingTests : IDisposable
{
    private readonly LocalRemote _remote = new();

    public void Dispose() => _remote.Dispose();

    [Fact]
    public async Task The_real_listing_of_a_remote_gives_every_file_under_its_root_with_its_size_and_modtime()
    {
        _remote.Put("a.sql.gz", new byte[1234]);
        _remote.Put("dir/b.sql", new byte[10]);
        _remote.Put("dir/deeper/c.sql", []);
        var modified = new DateTime(2026, 11, 24, 2, 7, 31, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(Path.Combine(_remote.Remote, "a.sql.gz"), modified);

        var listing = await _remote.ListAsync();

        Assert.Equal(["a.sql.gz", "dir/b.sql", "dir/deeper/c.sql"], listing.Objects.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1234, listing.Objects["a.sql.gz"].Size);
        Assert.Equal(0, listing.Objects["dir/deeper/c.sql"].Size);
        Assert.Equal(modified, listing.Objects["a.sql.gz"].ModTime!.Value.UtcDateTime);
        Assert.Equal(1244, listing.Bytes);
        Assert.False(listing.AnyHash); // no hash asked for
        Assert.All(listing.Objects.Values, o => Assert.Null(o.Hash));
    }

    [Fact]
    public async Task A_hash_asked_for_is_read_in_lower_case()
    {
        _remote.Put("a.sql", Encoding.ASCII.GetBytes("abc"));

        var listing = await _remote.ListAsync("md5");

        Assert.True(listing.AnyHash);
        Assert.Equal("900150983cd24fb0d6963f7d28e17f72", listing.Objects["a.sql"].Hash);
    }

    [Fact]
    public async Task An_empty_remote_lists_nothing()
    {
        var listing = await _remote.ListAsync("sha1");

        Assert.Empty(listing.Objects);
        Assert.Equal(0, listing.Bytes);
        Assert.False(listing.AnyHash);
    }

    [Fact]
    public async Task Lines_are_parsed_as_they_stream_with_the_brackets_commas_and_directories_skipped()
    {
        const string output = """
            [
            {"Path":"shop","Name":"shop","Size":-1,"MimeType":"inode/directory","ModTime":"2026-11-24T02:00:00Z","IsDir":true},
            {"Path":"shop/a.sql","Size":100,"ModTime":"2026-11-24T02:07:31.5+01:00","IsDir":false,"Hashes":{"md5":"ABCDEF","sha1":"0123"}},
            {"Path":"shop/b.sql","Name":"b.sql","Size":50,"IsDir":false,"Hashes":{"md5":""}}
            ]
            """;

        var listing = await RemoteListing.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(output)), "md5", CancellationToken.None);

        Assert.Equal(["shop/a.sql", "shop/b.sql"], listing.Objects.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new RemoteObject("shop/a.sql", 100, new DateTimeOffset(2026, 11, 24, 2, 7, 31, 500, TimeSpan.FromHours(1)), "abcdef"),
            listing.Objects["shop/a.sql"]);
        Assert.Equal(new RemoteObject("shop/b.sql", 50, null, null), listing.Objects["shop/b.sql"]); // an empty hash is none
        Assert.Equal(150, listing.Bytes);
        Assert.True(listing.AnyHash);
    }

    [Fact]
    public void Only_the_hash_type_asked_for_counts()
    {
        var listing = new RemoteListing();

        listing.Add("""{"Path":"a.sql","Size":1,"IsDir":false,"Hashes":{"sha1":"0123"}},""", "md5");
        listing.Add("""{"Path":"b.sql","Size":1,"IsDir":false,"Hashes":{"md5":"4567"}}""", null);

        Assert.False(listing.AnyHash);
        Assert.All(listing.Objects.Values, o => Assert.Null(o.Hash));
    }

    [Fact]
    public void An_object_without_a_size_is_listed_as_size_minus_one_and_adds_no_bytes()
    {
        var listing = new RemoteListing();

        listing.Add("""{"Path":"a.sql","IsDir":false}""", null);
        listing.Add("""{"Path":"b.sql","Size":5,"IsDir":false}""", null);

        Assert.Equal(-1, listing.Objects["a.sql"].Size);
        Assert.Equal(5, listing.Bytes);
    }

    [Fact]
    public void A_later_line_for_the_same_path_replaces_the_earlier_one()
    {
        var listing = new RemoteListing();

        listing.Add("""{"Path":"a.sql","Size":10}""", null);
        listing.Add("""{"Path":"a.sql","Size":20}""", null);

        Assert.Equal(20, Assert.Single(listing.Objects).Value.Size);
    }

    [Fact]
    public void Broken_json_from_the_listing_is_an_error_not_an_empty_remote()
    {
        var listing = new RemoteListing();

        Assert.ThrowsAny<JsonException>(() => listing.Add("""{"Path":"a.sql","Size":10""", null));
        Assert.Throws<KeyNotFoundException>(() => listing.Add("""{"Name":"a.sql","Size":10}""", null));
        Assert.Empty(listing.Objects);
    }

    [Fact]
    public async Task Broken_json_in_a_streamed_listing_stops_the_read()
    {
        var output = "[\n{\"Path\":\"a.sql\",\"Size\":1},\n{\"Path\":\"b.sql\",\"Size\":\n]\n";

        await Assert.ThrowsAnyAsync<JsonException>(() =>
            RemoteListing.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(output)), null, CancellationToken.None));
    }
}
