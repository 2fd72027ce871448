using BackupExporter.Configuration;
using BackupExporter.Inspection.Verification;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Inspection.Verification;

public sealed class ChecksumSidecarsTests : IDisposable
{
    private const string Sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private const string Md5 = "098f6bcd4621d373cade4e832627b4f6";
    private readonly TempDirectory _dir = new();
    private readonly string _artifact;

    public ChecksumSidecarsTests()
    {
        _artifact = _dir.File("shop.sql.gz");
        File.WriteAllText(_artifact, "test");
    }

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(Sha + "  shop.sql.gz\n")]                  // sha256sum
    [InlineData(Sha + " *shop.sql.gz\n")]                  // sha256sum --binary
    [InlineData(Sha + "  /backup/mysql/shop.sql.gz\n")]    // written with the full path
    [InlineData(Sha + "\n")]                               // a bare digest
    [InlineData("SHA256 (shop.sql.gz) = " + Sha + "\n")]   // BSD / sha256sum --tag
    [InlineData("9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08  shop.sql.gz\r\n")]
    public void Per_file_sidecar_formats_are_read(string sidecar)
    {
        File.WriteAllText(_artifact + ".sha256", sidecar);

        var lookup = ChecksumSidecars.Find(_artifact, ChecksumMode.Sha256);

        Assert.Null(lookup.Problem);
        Assert.Equal(new ExpectedChecksum(ChecksumAlgorithm.Sha256, Sha, _artifact + ".sha256"), lookup.Expected);
    }

    [Fact]
    public void A_manifest_line_of_the_file_is_used()
    {
        File.WriteAllText(_dir.File("MD5SUMS"), $"{new string('0', 32)}  other.sql.gz\n{Md5}  shop.sql.gz\n");

        var lookup = ChecksumSidecars.Find(_artifact, ChecksumMode.Auto);

        Assert.Equal(ChecksumAlgorithm.Md5, lookup.Expected?.Algorithm);
        Assert.Equal(Md5, lookup.Expected?.HexDigest);
    }

    [Fact]
    public void A_manifest_without_the_file_fails_when_a_checksum_is_required()
    {
        File.WriteAllText(_dir.File("SHA256SUMS"), $"{Sha}  other.sql.gz\n");

        Assert.Equal($"no line for shop.sql.gz in {_dir.File("SHA256SUMS")}",
            ChecksumSidecars.Find(_artifact, ChecksumMode.Sha256).Problem);
        Assert.Equal(new SidecarLookup(null, null), ChecksumSidecars.Find(_artifact, ChecksumMode.Auto));
    }

    [Fact]
    public void The_per_file_sidecar_wins_over_a_manifest()
    {
        File.WriteAllText(_artifact + ".sha256", Sha);
        File.WriteAllText(_dir.File("SHA256SUMS"), $"{new string('1', 64)}  shop.sql.gz\n");

        Assert.Equal(Sha, ChecksumSidecars.Find(_artifact, ChecksumMode.Auto).Expected?.HexDigest);
    }

    [Fact]
    public void Required_but_missing_names_where_it_looked()
    {
        var lookup = ChecksumSidecars.Find(_artifact, ChecksumMode.Sha256);

        Assert.Null(lookup.Expected);
        Assert.Equal($"no checksum sidecar: looked for {_artifact}.sha256 and {_dir.File("SHA256SUMS")}", lookup.Problem);
    }

    [Fact]
    public void Auto_without_any_sidecar_is_not_a_problem_and_none_looks_at_nothing()
    {
        Assert.Equal(new SidecarLookup(null, null), ChecksumSidecars.Find(_artifact, ChecksumMode.Auto));
        File.WriteAllText(_artifact + ".sha256", "garbage");
        Assert.Equal(new SidecarLookup(null, null), ChecksumSidecars.Find(_artifact, ChecksumMode.None));
    }

    [Fact]
    public void A_malformed_sidecar_is_a_problem()
    {
        File.WriteAllText(_artifact + ".sha256", "not a digest at all\n");

        Assert.Contains("holds no sha256 digest", ChecksumSidecars.Find(_artifact, ChecksumMode.Auto).Problem);
    }

    [Fact]
    public void An_md5_digest_in_a_sha256_sidecar_is_a_problem()
    {
        File.WriteAllText(_artifact + ".sha256", Md5 + "  shop.sql.gz\n");

        Assert.NotNull(ChecksumSidecars.Find(_artifact, ChecksumMode.Sha256).Problem);
    }
}
