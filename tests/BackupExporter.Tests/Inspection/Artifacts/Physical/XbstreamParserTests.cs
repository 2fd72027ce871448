using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using BackupExporter.Inspection.Artifacts.Physical;

namespace BackupExporter.Tests.Inspection.Artifacts.Physical;

/// <summary>
/// The xbstream chunk layout checked here is the one read off a real <c>mariabackup --stream=xbstream</c> file
/// (the integration tests stream a real backup); these streams are built by hand to reach every edge.
/// </summary>
public sealed class XbstreamParserTests
{
    private static byte[] Chunk(char type, string path, byte[]? payload = null, uint? crc = null)
    {
        var output = new MemoryStream();
        output.Write("XBSTCK01"u8);
        output.WriteByte(0);
        output.WriteByte((byte)type);
        var pathBytes = Encoding.UTF8.GetBytes(path);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(number, (uint)pathBytes.Length);
        output.Write(number[..4]);
        output.Write(pathBytes);
        if (type == 'P')
        {
            BinaryPrimitives.WriteInt64LittleEndian(number, payload!.Length);
            output.Write(number);
            BinaryPrimitives.WriteInt64LittleEndian(number, 0);
            output.Write(number);
            BinaryPrimitives.WriteUInt32LittleEndian(number, crc ?? Crc32(payload));
            output.Write(number[..4]);
            output.Write(payload);
        }
        return output.ToArray();
    }

    private static uint Crc32(byte[] data)
    {
        // The parser checks against zlib's crc32; this independent bitwise CRC-32 (ISO 3309) makes the expected values.
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    private static byte[] File(string name, string content) =>
        [.. Chunk('P', name, Encoding.UTF8.GetBytes(content)), .. Chunk('E', name)];

    private static readonly byte[] Whole =
    [
        .. File("ibdata1", new string('x', 5000)),
        .. File("xtrabackup_checkpoints", "backup_type = full-backuped\nfrom_lsn = 0\nto_lsn = 44404\nlast_lsn = 48277\n"),
        .. File("xtrabackup_binlog_info", "mysql-bin.000001\t803\t0-1-3\n"),
        .. File("xtrabackup_info", "tool_name = mariabackup\nstart_time = 2026-11-24 02:00:00\nend_time = 2026-11-24 02:00:42\n"),
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1 << 20)]
    public void A_whole_stream_is_followed_in_pieces_of_any_size(int piece)
    {
        var parser = new XbstreamParser();
        for (var i = 0; i < Whole.Length; i += piece)
            parser.Observe(Whole.AsSpan(i, Math.Min(piece, Whole.Length - i)));
        Assert.Null(parser.Finish());
        Assert.Equal(8, parser.Chunks);
        Assert.Contains("xtrabackup_info", parser.FinishedFiles);
        Assert.Equal(44404, parser.Metadata.ToLsn);
        Assert.Equal(("mysql-bin.000001", 803L, "0-1-3"), parser.Metadata.BinlogInfo);
    }

    [Fact]
    public void A_stream_cut_anywhere_but_at_a_chunk_boundary_is_truncated()
    {
        foreach (var cut in new[] { 3, 20, 60, Whole.Length - 10, Whole.Length - 1 })
        {
            var parser = new XbstreamParser();
            parser.Observe(Whole.AsSpan(0, cut));
            Assert.StartsWith("truncated: the stream ends inside", parser.Finish());
        }
    }

    [Fact]
    public void A_flipped_payload_byte_fails_its_crc()
    {
        var damaged = Whole.ToArray();
        damaged[100] ^= 0xFF; // inside ibdata1's payload
        var parser = new XbstreamParser();
        parser.Observe(damaged);
        Assert.Contains("CRC-32 mismatch in the chunk of ibdata1 at byte 0", parser.Finish());
    }

    [Fact]
    public void Bytes_that_are_not_a_chunk_are_reported_not_thrown()
    {
        var parser = new XbstreamParser();
        parser.Observe(Encoding.ASCII.GetBytes("-- MariaDB dump 10.19 not a stream at all"));
        Assert.Contains("no xbstream chunk at byte 0", parser.Finish());
    }

    [Fact]
    public void A_gzip_compressed_stream_is_verified_through_the_decompressor()
    {
        using var dir = new Support.TempDirectory();
        var path = dir.File("full.xbstream.gz");
        using (var gzip = new GZipStream(System.IO.File.Create(path), CompressionLevel.Fastest))
            gzip.Write(Whole);
        var verdict = XbstreamVerifier.Verify(path, BackupExporter.Configuration.ChecksumMode.Auto, TimeZoneInfo.Utc,
            CancellationToken.None);
        Assert.All(verdict.Checks.Values, c => Assert.True(c.Ok, c.Detail));
        Assert.Equal(TimeSpan.FromSeconds(42), verdict.Facts.Duration);
    }
}
