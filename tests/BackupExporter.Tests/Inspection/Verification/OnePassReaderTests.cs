using System.Security.Cryptography;
using System.Text;
using BackupExporter.Inspection.Verification;
using BackupExporter.Tests.Support;
using BackupExporter.Decoding;

namespace BackupExporter.Tests.Inspection.Verification;

/// <summary>Run twice: with the native libraries installed here (ISA-L, libzstd) and with the fallbacks (zlib, ZstdSharp).</summary>
public abstract class OnePassReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _sql;

    private protected abstract DecoderLibraries Libraries { get; }

    protected OnePassReaderTests()
    {
        // Large enough for several 1 MiB chunks and multi-block compressed streams; not too regular.
        _sql = _dir.File("dump.sql");
        File.WriteAllText(_sql, DumpText.Header + string.Concat(Enumerable.Range(0, 60_000).Select(i =>
            $"INSERT INTO `t` VALUES ({i},'{Convert.ToHexString(SHA256.HashData(BitConverter.GetBytes(i)))[..(8 + i % 40)]}');\n"))
            + "-- Dump completed on 2026-11-24 23:55:18\n");
    }

    public void Dispose()
    {
        _dir.Dispose();
        GC.SuppressFinalize(this);
    }

    private string Gzip(string name = "dump.sql.gz")
    {
        Tool.Shell($"gzip -c '{_sql}' > '{_dir.File(name)}'");
        return _dir.File(name);
    }

    private string Zstd(string name = "dump.sql.zst")
    {
        Tool.Shell($"zstd -q -c '{_sql}' > '{_dir.File(name)}'");
        return _dir.File(name);
    }

    private OnePassResult Read(string path, ChecksumAlgorithm? algorithm = null) =>
        OnePassReader.Read(path, algorithm, CancellationToken.None, libraries: Libraries);

    [Fact]
    public void Plain_file_is_hashed_and_its_ends_kept_in_one_read()
    {
        var r = Read(_sql, ChecksumAlgorithm.Sha256);

        Assert.Equal(CompressionFormat.None, r.Compression);
        Assert.Null(r.CompressionError);
        Assert.Equal(new FileInfo(_sql).Length, r.BytesRead);
        Assert.Equal(r.BytesRead, r.DecompressedBytes);
        Assert.Equal(Tool.Run("sha256sum", _sql)[..64], r.ActualHexDigest);
        Assert.StartsWith("/*M!999999", Encoding.UTF8.GetString(r.Head));
        Assert.EndsWith("-- Dump completed on 2026-11-24 23:55:18\n", Encoding.UTF8.GetString(r.Tail));
        Assert.Equal(64 * 1024, r.Head.Length);
        Assert.Equal(4 * 1024, r.Tail.Length);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("zstd")]
    public void Compressed_file_decompresses_to_the_same_content_and_hashes_the_compressed_bytes(string tool)
    {
        var path = tool == "gzip" ? Gzip() : Zstd();
        var r = Read(path, ChecksumAlgorithm.Md5);

        Assert.Equal(tool == "gzip" ? CompressionFormat.Gzip : CompressionFormat.Zstd, r.Compression);
        Assert.Null(r.CompressionError);
        Assert.Equal(new FileInfo(path).Length, r.BytesRead);
        Assert.Equal(new FileInfo(_sql).Length, r.DecompressedBytes);
        Assert.Equal(Tool.Run("md5sum", path)[..32], r.ActualHexDigest);
        Assert.EndsWith("-- Dump completed on 2026-11-24 23:55:18\n", Encoding.UTF8.GetString(r.Tail));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(ReadBuffers.ChunkSize - 1)]
    [InlineData(ReadBuffers.ChunkSize)]
    [InlineData(ReadBuffers.ChunkSize + 1)]
    [InlineData(2 * ReadBuffers.ChunkSize + 7)]
    public void Files_around_the_chunk_size_are_read_and_hashed_whole(int length)
    {
        // The buffer is sized from the file's length: one byte more than a small file, one chunk for a large one.
        var path = _dir.File($"cut-{length}.sql");
        using (var source = File.OpenRead(_sql))
        using (var cut = File.Create(path))
        {
            var bytes = new byte[length];
            source.ReadExactly(bytes);
            cut.Write(bytes);
        }

        var r = Read(path, ChecksumAlgorithm.Sha256);

        Assert.Equal(length, r.BytesRead);
        Assert.Equal(length, r.DecompressedBytes);
        Assert.Equal(Tool.Run("sha256sum", path)[..64], r.ActualHexDigest);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("zstd")]
    public void A_compressed_file_smaller_than_a_chunk_is_hashed_and_decompressed_from_one_read(string tool)
    {
        var small = _dir.File("small.sql");
        File.WriteAllText(small, DumpText.Header + "INSERT INTO `t` VALUES (1,'a');\n-- Dump completed on 2026-11-24 23:55:18\n");
        var path = _dir.File("small.sql." + (tool == "gzip" ? "gz" : "zst"));
        Tool.Shell(tool == "gzip" ? $"gzip -c '{small}' > '{path}'" : $"zstd -q -c '{small}' > '{path}'");

        var r = Read(path, ChecksumAlgorithm.Sha256);

        Assert.Null(r.CompressionError);
        Assert.Equal(new FileInfo(path).Length, r.BytesRead);
        Assert.Equal(new FileInfo(small).Length, r.DecompressedBytes);
        Assert.Equal(Tool.Run("sha256sum", path)[..64], r.ActualHexDigest);
        Assert.EndsWith("-- Dump completed on 2026-11-24 23:55:18\n", Encoding.UTF8.GetString(r.Tail));
    }

    [Theory]
    [InlineData("gzip", 5)]        // inside the gzip header
    [InlineData("gzip", 0.5)]      // in the middle of the deflate data
    [InlineData("gzip", -8)]       // the whole trailer (CRC-32 and length) missing
    [InlineData("gzip", -1)]       // the last byte missing
    [InlineData("zstd", 6)]        // inside the frame header, after the magic number
    [InlineData("zstd", 0.5)]
    [InlineData("zstd", -1)]
    public void A_truncated_stream_is_detected(string tool, double cut)
    {
        var path = tool == "gzip" ? Gzip() : Zstd();
        var length = new FileInfo(path).Length;
        var keep = cut switch { < 0 => length + (long)cut, < 1 => (long)(length * cut), _ => (long)cut };
        using (var f = File.OpenWrite(path))
            f.SetLength(keep);

        var r = Read(path);

        Assert.NotNull(r.CompressionError);
        Assert.StartsWith("truncated: the " + tool + " stream ends", r.CompressionError);
        Assert.EndsWith($"({keep} bytes read)", r.CompressionError);
        Assert.Equal(keep, r.BytesRead);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("zstd")]
    public void A_flipped_byte_inside_the_compressed_stream_is_detected(string tool)
    {
        var path = tool == "gzip" ? Gzip() : _dir.File("checked.zst");
        if (tool == "zstd")
            Tool.Shell($"zstd -q --check -c '{_sql}' > '{path}'");
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x20;
        File.WriteAllBytes(path, bytes);

        var r = Read(path);

        Assert.NotNull(r.CompressionError);
        Assert.Contains("corrupt", r.CompressionError);
    }

    [Fact]
    public void Several_gzip_members_are_one_valid_stream()
    {
        var path = _dir.File("multi.sql.gz");
        Tool.Shell($"head -c 100000 '{_sql}' | gzip -c > '{path}'; tail -c +100001 '{_sql}' | gzip -c >> '{path}'");

        var r = Read(path);

        Assert.Null(r.CompressionError);
        Assert.Equal(new FileInfo(_sql).Length, r.DecompressedBytes);
        Assert.EndsWith("-- Dump completed on 2026-11-24 23:55:18\n", Encoding.UTF8.GetString(r.Tail));
    }

    [Theory]
    [InlineData(8)]  // the trailer's CRC-32
    [InlineData(4)]  // the trailer's ISIZE, the content length modulo 2^32
    public void A_gzip_trailer_that_does_not_match_the_content_is_corrupt(int fromEnd)
    {
        var path = Gzip();
        var bytes = File.ReadAllBytes(path);
        bytes[^fromEnd] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        var r = Read(path);

        Assert.StartsWith("corrupt gzip stream: incorrect ", r.CompressionError);
    }

    [Fact]
    public void A_multi_member_gzip_cut_inside_its_second_member_is_truncated()
    {
        var path = _dir.File("multi.sql.gz");
        Tool.Shell($"head -c 100000 '{_sql}' | gzip -c > '{path}'; tail -c +100001 '{_sql}' | gzip -c >> '{path}'");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^100]);

        var r = Read(path, ChecksumAlgorithm.Sha256);

        Assert.StartsWith("truncated: the gzip stream ends inside member 2, before its end marker", r.CompressionError);
        Assert.Equal(bytes.Length - 100, r.BytesRead);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes[..^100])), r.ActualHexDigest);
    }

    [Fact]
    public void Several_zstd_frames_are_one_valid_stream()
    {
        var path = _dir.File("multi.sql.zst");
        Tool.Shell($"head -c 100000 '{_sql}' | zstd -q -c > '{path}'; tail -c +100001 '{_sql}' | zstd -q -c >> '{path}'");

        var r = Read(path);

        Assert.Null(r.CompressionError);
        Assert.Equal(new FileInfo(_sql).Length, r.DecompressedBytes);
    }

    [Fact]
    public void Garbage_after_a_gzip_member_is_an_error()
    {
        var path = Gzip();
        File.AppendAllText(path, "this is not gzip");

        Assert.Contains("after gzip member 1", Read(path).CompressionError);
    }

    [Fact]
    public void An_empty_compressed_member_is_valid_and_an_empty_file_is_not()
    {
        var emptyMember = _dir.File("empty-member.gz");
        Tool.Shell($"gzip -c < /dev/null > '{emptyMember}'");
        Assert.Null(Read(emptyMember).CompressionError);
        Assert.Equal(0, Read(emptyMember).DecompressedBytes);

        var empty = _dir.File("empty.gz");
        File.WriteAllBytes(empty, []);
        var r = Read(empty);
        Assert.Equal(CompressionFormat.None, r.Compression);
        Assert.Equal(0, r.BytesRead);
        Assert.Equal("truncated: the file is empty (0 bytes read)", r.CompressionError);
    }

    [Theory]
    [InlineData(new byte[] { 0x1f }, "gzip")]
    [InlineData(new byte[] { 0x28, 0xb5, 0x2f }, "zstd")]
    public void A_file_cut_inside_the_magic_number_is_truncated_not_plain(byte[] bytes, string format)
    {
        var path = _dir.File("cut-magic");
        File.WriteAllBytes(path, bytes);

        Assert.Equal($"truncated: the file ends inside the {format} magic number ({bytes.Length} bytes read)", Read(path).CompressionError);
    }

    [Fact]
    public void A_short_plain_file_is_not_mistaken_for_a_cut_magic_number()
    {
        var path = _dir.File("short.sql");
        File.WriteAllText(path, "--\n");

        Assert.Null(Read(path).CompressionError);
    }

    [Fact]
    public void Reading_honours_cancellation()
    {
        Assert.ThrowsAny<OperationCanceledException>(() => OnePassReader.Read(_sql, null, new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Reading_ahead_on_another_thread_honours_cancellation_without_hanging()
    {
        var path = Gzip();
        using var cancel = new CancellationTokenSource();
        var observer = new CancelAfterFirstContent(cancel);

        Assert.ThrowsAny<OperationCanceledException>(() =>
            OnePassReader.Read(path, ChecksumAlgorithm.Sha256, cancel.Token, observer, Libraries));
        Assert.True(observer.Seen > 0);
    }

    /// <summary>Cancels the read once decompressed content arrives: the reading thread is then running ahead.</summary>
    private sealed class CancelAfterFirstContent(CancellationTokenSource cancel) : IContentObserver
    {
        public long Seen { get; private set; }

        public void Observe(ReadOnlySpan<byte> content)
        {
            Seen += content.Length;
            cancel.Cancel();
        }
    }

    [Fact]
    public void A_file_being_written_is_read_without_blocking_the_writer()
    {
        using var writer = new FileStream(_sql, FileMode.Append, FileAccess.Write, FileShare.Read);
        var r = Read(_sql);
        writer.Write("more"u8);
        Assert.True(r.BytesRead > 0);
    }
}

public sealed class OnePassReaderWithNativeLibrariesTests : OnePassReaderTests
{
    private protected override DecoderLibraries Libraries => DecoderLibraries.Installed;

    [Fact]
    public void Isal_and_libzstd_are_loaded_so_that_these_tests_exercise_them()
    {
        Assert.True(IsalNative.IsLoaded, IsalNative.Unavailable);
        Assert.True(LibzstdNative.IsLoaded, LibzstdNative.Unavailable);
        Assert.Equal(new DecoderLibraries(Isal: true, Libzstd: true), Libraries);
    }
}

public sealed class OnePassReaderWithFallbacksTests : OnePassReaderTests
{
    private protected override DecoderLibraries Libraries => DecoderLibraries.Fallbacks;

    [Fact]
    public void The_fallbacks_are_zlib_and_the_managed_zstd_decoder_and_the_native_ones_are_isal_and_libzstd()
    {
        using (var gzip = Libraries.Create(CompressionFormat.Gzip))
            Assert.IsType<ZlibGzipDecoder>(gzip);
        using (var zstd = Libraries.Create(CompressionFormat.Zstd))
            Assert.IsType<ManagedZstdDecoder>(zstd);
        using (var gzip = DecoderLibraries.Installed.Create(CompressionFormat.Gzip))
            Assert.IsType<IsalGzipDecoder>(gzip);
        using (var zstd = DecoderLibraries.Installed.Create(CompressionFormat.Zstd))
            Assert.IsType<LibzstdDecoder>(zstd);
    }
}
