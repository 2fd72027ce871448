using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Artifacts;
using BackupExporter.Tests.Support;
using BackupExporter.Decoding;

namespace BackupExporter.Tests.Inspection.Artifacts;

/// <summary>Dumps compressed by the real gzip and zstd, then damaged the ways disks, kills and copies damage them.</summary>
public sealed class MysqldumpVerifierDamageTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _sql;

    public MysqldumpVerifierDamageTests()
    {
        // Several deflate blocks and zstd blocks, so that a cut in the middle lands inside compressed data.
        _sql = DumpText.Write(_dir.File("dump.sql"), DumpText.Complete(30_000),
            completedOn: new DateTimeOffset(2026, 11, 24, 23, 55, 18, TimeSpan.Zero));
    }

    public void Dispose() => _dir.Dispose();

    private string Compress(string tool)
    {
        var path = _dir.File(tool == "gzip" ? "dump.sql.gz" : "dump.sql.zst");
        Tool.Shell(tool == "gzip" ? $"gzip -6 -c '{_sql}' > '{path}'" : $"zstd -q -3 -c '{_sql}' > '{path}'");
        return path;
    }

    private static DumpVerification Verify(string path) => MysqldumpVerifier.Verify(path, ChecksumMode.Auto, CancellationToken.None);

    [Theory]
    [InlineData("none")]
    [InlineData("gzip")]
    [InlineData("zstd")]
    public void A_good_dump_passes_in_one_read_of_the_whole_file(string tool)
    {
        var path = tool == "none" ? _sql : Compress(tool);

        var v = Verify(path);

        Assert.All(v.Checks.Values, c => Assert.True(c.Ok, c.Detail));
        Assert.Equal(tool == "none" ? "not compressed" : tool + " stream intact", v.Checks[CheckNames.Compression].Detail);
        Assert.Equal("dump completed on 2026-11-24 23:55:18", v.Checks[CheckNames.Complete].Detail);
        Assert.Equal(new FileInfo(path).Length, v.BytesRead);
        Assert.Equal(("mysql-bin.000002", 385L), (v.Facts.BinlogFile, v.Facts.BinlogPosition!.Value));
    }

    [Theory]
    [InlineData("gzip", 5)]      // inside the gzip header
    [InlineData("gzip", 0.5)]    // in the middle of the deflate data
    [InlineData("gzip", -8)]     // just before the trailer: all the SQL, footer included, inflates
    [InlineData("gzip", -4)]     // inside the trailer: CRC-32 present, length missing
    [InlineData("gzip", -1)]     // the last byte
    [InlineData("zstd", 6)]      // inside the frame header
    [InlineData("zstd", 0.5)]
    [InlineData("zstd", -4)]     // the frame's content checksum missing
    [InlineData("zstd", -1)]
    public void A_truncated_stream_fails_compression_and_complete(string tool, double cut)
    {
        var path = Compress(tool);
        var length = new FileInfo(path).Length;
        var keep = cut switch { < 0 => length + (long)cut, < 1 => (long)(length * cut), _ => (long)cut };
        using (var f = File.OpenWrite(path))
            f.SetLength(keep);

        var v = Verify(path);

        var compression = v.Checks[CheckNames.Compression];
        Assert.False(compression.Ok);
        Assert.Equal($"truncated: the {tool} stream ends {(tool == "gzip" ? "before its end marker" : "inside a frame")} ({keep} "
            + $"bytes read)", compression.Detail);
        Assert.False(v.Checks[CheckNames.Complete].Ok);
        Assert.StartsWith("cannot judge: " + compression.Detail, v.Checks[CheckNames.Complete].Detail);
        Assert.Equal(keep, v.BytesRead);
    }

    [Theory]
    [InlineData("gzip", 0.5)]
    [InlineData("gzip", -6)]     // inside the trailer's CRC-32: every byte of SQL inflates, the check does not add up
    [InlineData("zstd", 0.5)]
    [InlineData("zstd", -2)]     // inside the frame's content checksum
    public void A_flipped_byte_fails_compression_and_complete(string tool, double where)
    {
        var path = Compress(tool);
        var bytes = File.ReadAllBytes(path);
        var at = where < 0 ? bytes.Length + (int)where : (int)(bytes.Length * where);
        bytes[at] ^= 0x20;
        File.WriteAllBytes(path, bytes);

        var v = Verify(path);

        Assert.False(v.Checks[CheckNames.Compression].Ok);
        Assert.StartsWith("corrupt " + tool, v.Checks[CheckNames.Compression].Detail);
        Assert.False(v.Checks[CheckNames.Complete].Ok);
        Assert.StartsWith("cannot judge: corrupt", v.Checks[CheckNames.Complete].Detail);
    }

    [Fact]
    public void Concatenated_gzip_members_and_zstd_frames_are_whole_dumps()
    {
        var gz = _dir.File("multi.sql.gz");
        var zst = _dir.File("multi.sql.zst");
        // How pigz and `cat a.gz b.gz` write: several complete members (frames) one after the other.
        Tool.Shell($"head -c 200000 '{_sql}' | gzip -c > '{gz}'; tail -c +200001 '{_sql}' | gzip -c >> '{gz}'");
        Tool.Shell($"head -c 200000 '{_sql}' | zstd -q -c > '{zst}'; tail -c +200001 '{_sql}' | zstd -q -c >> '{zst}'");

        foreach (var path in new[] { gz, zst })
            Assert.All(Verify(path).Checks.Values, c => Assert.True(c.Ok, $"{path}: {c.Detail}"));
    }

    [Fact]
    public void An_empty_file_fails_compression_and_complete()
    {
        var path = _dir.File("empty.sql.gz");
        File.WriteAllBytes(path, []);

        var v = Verify(path);

        Assert.Equal(CheckResult.Fail("truncated: the file is empty (0 bytes read)"), v.Checks[CheckNames.Compression]);
        Assert.False(v.Checks[CheckNames.Complete].Ok);
        Assert.Equal(0, v.BytesRead);
        Assert.Equal(CompressionFormat.None, v.Compression);
    }
}
