using System.Text;
using BackupExporter.Web.Security;

namespace BackupExporter.Tests.Web.Security;

public sealed class BasicAuthenticatorTests
{
    private static readonly string AliceHash = BCrypt.Net.BCrypt.HashPassword("s3cret:with colon", 4);
    private static readonly Dictionary<string, string> Users = new() { ["alice"] = AliceHash };

    private static string Header(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

    [Fact]
    public void The_right_password_passes_and_pays_bcrypt_only_the_first_time()
    {
        var auth = new BasicAuthenticator();
        Assert.True(auth.Accepts(Users, Header("alice", "s3cret:with colon")));
        Assert.Equal(1, auth.BcryptRuns);
        for (var i = 0; i < 5; i++)
            Assert.True(auth.Accepts(Users, Header("alice", "s3cret:with colon")));
        Assert.Equal(1, auth.BcryptRuns);
    }

    [Fact]
    public void A_wrong_password_fails_every_time_even_after_a_right_one()
    {
        var auth = new BasicAuthenticator();
        Assert.True(auth.Accepts(Users, Header("alice", "s3cret:with colon")));
        Assert.False(auth.Accepts(Users, Header("alice", "s3cret:with colo")));
        Assert.False(auth.Accepts(Users, Header("alice", "s3cret:with colo")));
        Assert.Equal(3, auth.BcryptRuns); // no shortcut for a failure: guessing stays as slow as bcrypt
    }

    [Fact]
    public void An_unknown_user_costs_a_bcrypt_too_and_fails()
    {
        var auth = new BasicAuthenticator();
        Assert.False(auth.Accepts(Users, Header("mallory", "s3cret:with colon")));
        Assert.Equal(1, auth.BcryptRuns);
    }

    [Fact]
    public void A_changed_hash_is_checked_again()
    {
        var auth = new BasicAuthenticator();
        Assert.True(auth.Accepts(Users, Header("alice", "s3cret:with colon")));
        var rotated = new Dictionary<string, string> { ["alice"] = BCrypt.Net.BCrypt.HashPassword("new", 4) };
        Assert.False(auth.Accepts(rotated, Header("alice", "s3cret:with colon")));
        Assert.True(auth.Accepts(rotated, Header("alice", "new")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer abc")]
    [InlineData("Basic !!!notbase64")]
    [InlineData("Basic YWxpY2U=")] // "alice" without a colon
    public void Malformed_headers_fail_without_bcrypt(string? header)
    {
        var auth = new BasicAuthenticator();
        Assert.False(auth.Accepts(Users, header));
        Assert.Equal(0, auth.BcryptRuns);
    }
}
