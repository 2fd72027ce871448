using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Artifacts;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Inspection.Artifacts;

/// <summary>The checksum check against sidecars written by the real sha256sum and md5sum, as backup scripts write them.</summary>
public sealed class MysqldumpVerifierSidecarTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _dump;

    public MysqldumpVerifierSidecarTests()
    {
        _dump = DumpText.Write(_dir.File("shop.sql.gz"), DumpText.Complete(), gzip: true);
    }

    public void Dispose() => _dir.Dispose();

    private CheckResult Checksum(ChecksumMode mode, string? path = null) =>
        MysqldumpVerifier.Verify(path ?? _dump, mode, CancellationToken.None).Checks[CheckNames.Checksum];

    [Theory]
    [InlineData("sha256sum shop.sql.gz > shop.sql.gz.sha256", "Sha256", "sha256")]
    [InlineData("sha256sum --binary shop.sql.gz > shop.sql.gz.sha256", "Sha256", "sha256")]
    [InlineData("sha256sum --tag shop.sql.gz > shop.sql.gz.sha256", "Sha256", "sha256")]
    [InlineData("sha256sum \"$PWD/shop.sql.gz\" > shop.sql.gz.sha256", "Auto", "sha256")]
    [InlineData("sha256sum < shop.sql.gz | cut -d' ' -f1 > shop.sql.gz.sha256", "Sha256", "sha256")]
    [InlineData("md5sum shop.sql.gz > shop.sql.gz.md5", "Md5", "md5")]
    [InlineData("md5sum --tag shop.sql.gz > shop.sql.gz.md5", "Auto", "md5")]
    public void A_per_file_sidecar_written_by_the_tool_matches(string command, string modeName, string algorithm)
    {
        var mode = Enum.Parse<ChecksumMode>(modeName); // internal type: theories pass its name
        Tool.Shell($"cd '{_dir.Path}' && {command}");

        var check = Checksum(mode);

        Assert.True(check.Ok, check.Detail);
        Assert.StartsWith($"{algorithm} matches {_dump}.", check.Detail);
    }

    [Theory]
    [InlineData("sha256sum", "SHA256SUMS", "Sha256")]
    [InlineData("md5sum", "MD5SUMS", "Md5")]
    [InlineData("sha256sum", "SHA256SUMS", "Auto")]
    public void A_manifest_of_several_dumps_is_read_for_this_one(string tool, string manifest, string modeName)
    {
        var mode = Enum.Parse<ChecksumMode>(modeName);
        DumpText.Write(_dir.File("other.sql.gz"), DumpText.Complete(50), gzip: true);
        var older = DumpText.Write(_dir.File("older.sql.gz"), DumpText.Complete(70), gzip: true);
        Tool.Shell($"cd '{_dir.Path}' && {tool} other.sql.gz shop.sql.gz older.sql.gz > {manifest}");

        Assert.Equal(CheckResult.Pass($"{(tool == "md5sum" ? "md5" : "sha256")} matches {_dir.File(manifest)}"), Checksum(mode));
        Assert.True(Checksum(mode, older).Ok);
    }

    [Fact]
    public void A_manifest_without_the_dump_fails_when_a_checksum_is_required()
    {
        DumpText.Write(_dir.File("other.sql.gz"), DumpText.Complete(50), gzip: true);
        Tool.Shell($"cd '{_dir.Path}' && sha256sum other.sql.gz > SHA256SUMS");

        Assert.Equal(CheckResult.Fail($"no line for shop.sql.gz in {_dir.File("SHA256SUMS")}"), Checksum(ChecksumMode.Sha256));
    }

    [Fact]
    public void A_sidecar_of_other_bytes_fails_and_names_both_digests_and_the_sidecar()
    {
        Tool.Shell($"cd '{_dir.Path}' && sha256sum shop.sql.gz > shop.sql.gz.sha256 && echo 'one more row' | gzip >> shop.sql.gz");
        var actual = Tool.Run("sha256sum", _dump)[..64];
        var expected = File.ReadAllText(_dump + ".sha256")[..64];

        Assert.Equal(CheckResult.Fail($"sha256 mismatch: {_dump}.sha256 says {expected}, the file has {actual}"),
            Checksum(ChecksumMode.Auto));
    }

    [Fact]
    public void An_md5_mismatch_is_reported_as_md5()
    {
        Tool.Shell($"cd '{_dir.Path}' && echo \"$(md5sum < /dev/null | cut -d' ' -f1)  shop.sql.gz\" > shop.sql.gz.md5");

        var check = Checksum(ChecksumMode.Md5);

        Assert.False(check.Ok);
        Assert.StartsWith($"md5 mismatch: {_dump}.md5 says d41d8cd98f00b204e9800998ecf8427e, the file has ", check.Detail);
    }

    [Fact]
    public void Without_any_sidecar_auto_passes_and_a_required_algorithm_fails()
    {
        Assert.Equal(CheckResult.Pass("no sidecar"), Checksum(ChecksumMode.Auto));
        Assert.Equal(CheckResult.Fail($"no checksum sidecar: looked for {_dump}.sha256 and {_dir.File("SHA256SUMS")}"),
            Checksum(ChecksumMode.Sha256));
        Assert.Equal(CheckResult.Fail($"no checksum sidecar: looked for {_dump}.md5 and {_dir.File("MD5SUMS")}"),
            Checksum(ChecksumMode.Md5));
    }
}
