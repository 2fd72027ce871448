using BackupExporter.Configuration;
using BackupExporter.Inspection.Artifacts;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Inspection.Artifacts;

public sealed class MysqldumpVerifierTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_good_gzip_dump_with_a_sidecar_passes_every_check_in_one_read()
    {
        var path = DumpText.Write(_dir.File("a.sql.gz"), DumpText.Complete(), gzip: true, sidecar: true);

        var v = MysqldumpVerifier.Verify(path, ChecksumMode.Sha256, CancellationToken.None);

        Assert.All(v.Checks.Values, c => Assert.True(c.Ok, c.Detail));
        Assert.Equal([CheckNames.Checksum, CheckNames.Complete, CheckNames.Compression], v.Checks.Keys.Order());
        Assert.Equal(new FileInfo(path).Length, v.BytesRead);
        Assert.Equal("mysql-bin.000002", v.Facts.BinlogFile);
    }

    [Fact]
    public void A_cut_off_plain_dump_fails_complete_only()
    {
        var path = DumpText.Write(_dir.File("a.sql"), DumpText.CutOff(), sidecar: true);

        var v = MysqldumpVerifier.Verify(path, ChecksumMode.Auto, CancellationToken.None);

        Assert.False(v.Checks[CheckNames.Complete].Ok);
        Assert.StartsWith("no '-- Dump completed' footer: the dump was cut off after", v.Checks[CheckNames.Complete].Detail);
        Assert.True(v.Checks[CheckNames.Compression].Ok);
        Assert.True(v.Checks[CheckNames.Checksum].Ok);
    }

    [Fact]
    public void A_mismatching_sidecar_fails_checksum_and_names_both_digests()
    {
        var path = DumpText.Write(_dir.File("a.sql.gz"), DumpText.Complete(), gzip: true);
        File.WriteAllText(path + ".sha256", new string('a', 64) + "  a.sql.gz\n");

        var check = MysqldumpVerifier.Verify(path, ChecksumMode.Auto, CancellationToken.None).Checks[CheckNames.Checksum];

        Assert.False(check.Ok);
        Assert.Contains($"sha256 mismatch: {path}.sha256 says {new string('a', 64)}, the file has ", check.Detail);
    }

    [Fact]
    public void Checksum_none_exports_no_checksum_check()
    {
        var path = DumpText.Write(_dir.File("a.sql"), DumpText.Complete());
        Assert.False(MysqldumpVerifier.Verify(path, ChecksumMode.None, CancellationToken.None).Checks.ContainsKey(CheckNames.Checksum));
    }

    [Fact]
    public void A_truncated_gzip_fails_compression_and_complete()
    {
        var path = DumpText.Write(_dir.File("a.sql.gz"), DumpText.Complete(2000), gzip: true);
        using (var f = File.OpenWrite(path))
            f.SetLength(f.Length / 2);

        var v = MysqldumpVerifier.Verify(path, ChecksumMode.Auto, CancellationToken.None);

        Assert.False(v.Checks[CheckNames.Compression].Ok);
        Assert.False(v.Checks[CheckNames.Complete].Ok);
        Assert.StartsWith("cannot judge: truncated: the gzip stream ends before its end marker", v.Checks[CheckNames.Complete].Detail);
        Assert.Contains("no footer in the", v.Checks[CheckNames.Complete].Detail);
    }

    [Fact]
    public void A_missing_file_throws_for_the_caller_to_report()
    {
        Assert.Throws<FileNotFoundException>(() => MysqldumpVerifier.Verify(_dir.File("gone.sql"), ChecksumMode.Auto,
            CancellationToken.None));
    }
}
