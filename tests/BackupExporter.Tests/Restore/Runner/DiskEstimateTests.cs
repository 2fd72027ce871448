using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Tests.Support;
using BackupExporter.Restore.Runner;
using BackupExporter.Restore;
using BackupExporter.Decoding;
using BackupExporter.Restore.Formats;

namespace BackupExporter.Tests.Restore.Runner;

/// <summary>
/// The scratch space a drill asks for before writing: the SQL a dump holds (zstd from its frame headers where they
/// state it, gzip and size-less zstd by decoding), and a physical backup's whole chain.
/// </summary>
public sealed class DiskEstimateTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Sql(string name, int lines)
    {
        var path = _dir.File(name);
        File.WriteAllLines(path, Enumerable.Range(0, lines).Select(i => $"INSERT INTO `t` VALUES ({i},'row {i} {i * 7919 % 1000}');"));
        return path;
    }

    private static long Content(string path) => DiskEstimate.ContentBytes(path, DecoderLibraries.Installed, CancellationToken.None);

    private static long? FromHeaders(string path)
    {
        using var file = File.OpenRead(path);
        return ZstdContentSize.Read(file);
    }

    [Fact]
    public void A_zstd_file_that_states_its_size_is_measured_from_its_frame_headers()
    {
        var sql = Sql("dump.sql", 200_000);
        Tool.Run("zstd", "-q", "-3", sql, "-o", sql + ".zst");
        Assert.Equal(new FileInfo(sql).Length, FromHeaders(sql + ".zst"));
        Assert.Equal(new FileInfo(sql).Length, Content(sql + ".zst"));

        // Header-only: a frame whose blocks are cut off is not understood, and the decode that follows reports less.
        var cut = _dir.File("cut.sql.zst");
        var whole = File.ReadAllBytes(sql + ".zst");
        File.WriteAllBytes(cut, whole[..(whole.Length / 2)]);
        Assert.Null(FromHeaders(cut));
        Assert.True(Content(cut) < new FileInfo(sql).Length);
    }

    [Fact]
    public void Concatenated_zstd_frames_and_skippable_frames_add_up()
    {
        var a = Sql("a.sql", 50_000);
        var b = Sql("b.sql", 70_000);
        Tool.Shell($"zstd -q -c '{a}' > '{_dir.File("ab.zst")}'; zstd -q -c '{b}' >> '{_dir.File("ab.zst")}'");
        // A skippable frame (magic 0x184D2A5?, 4-byte length) between them, as some tools write for metadata.
        using (var file = new FileStream(_dir.File("ab.zst"), FileMode.Append))
            file.Write([0x50, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 1, 2, 3]);
        Tool.Shell($"zstd -q -c '{a}' >> '{_dir.File("ab.zst")}'");
        Assert.Equal(2 * new FileInfo(a).Length + new FileInfo(b).Length, FromHeaders(_dir.File("ab.zst")));
    }

    [Fact]
    public void A_zstd_stream_without_stated_sizes_and_a_multi_member_gzip_are_decoded()
    {
        var sql = Sql("dump.sql", 100_000);
        Tool.Shell($"cat '{sql}' | zstd -q -c > '{sql}.zst'"); // from a pipe: the frame cannot state its size
        Assert.Null(FromHeaders(sql + ".zst"));
        Assert.Equal(new FileInfo(sql).Length, Content(sql + ".zst"));

        // Two gzip members: the trailer's ISIZE is the last member's only.
        Tool.Shell($"gzip -c '{sql}' > '{sql}.gz'; gzip -c '{sql}' >> '{sql}.gz'");
        Assert.Equal(2 * new FileInfo(sql).Length, Content(sql + ".gz"));
    }

    private static ArtifactObservation Physical(string path, string type, long from, long to) =>
        new(path, 0, DateTimeOffset.UnixEpoch, false, new Dictionary<string, CheckResult>(),
            new ArtifactFacts(true, null, "mariabackup", null, null, null, null) { BackupType = type, FromLsn = from, ToLsn = to },
            CompressionFormat.None);

    private string Backup(string name, int bytes)
    {
        var path = Directory.CreateDirectory(_dir.File(name)).FullName;
        File.WriteAllBytes(Path.Combine(path, "ibdata1"), new byte[bytes]);
        return path;
    }

    [Fact]
    public void A_physical_incremental_needs_room_for_its_whole_chain_twice()
    {
        var full = Physical(Backup("full", 1_000_000), "full-backuped", 0, 100);
        var unrelated = Physical(Backup("other-full", 5_000_000), "full-backuped", 0, 300);
        var inc1 = Physical(Backup("inc1", 200_000), "incremental", 100, 200);
        var inc2 = Physical(Backup("inc2", 30_000), "incremental", 200, 250);
        List<ArtifactObservation> artifacts = [full, unrelated, inc1, inc2];

        long Need(ArtifactObservation newest) => DiskEstimate.Need(RestoreFormats.Of(BackupKind.Mariabackup)!.Method, newest, artifacts,
            DecoderLibraries.Installed, CancellationToken.None);
        Assert.Equal(2 * (1_000_000 + 200_000 + 30_000) + DiskEstimate.EmptyDataDirectory, Need(inc2));
        Assert.Equal(2 * 1_000_000 + DiskEstimate.EmptyDataDirectory, Need(full));
    }

    [Fact]
    public void A_dump_needs_its_sql_times_the_measured_factor_and_an_empty_data_directory()
    {
        var sql = Sql("dump.sql", 10_000);
        var dump = new ArtifactObservation(sql, new FileInfo(sql).Length, DateTimeOffset.UnixEpoch, false,
            new Dictionary<string, CheckResult>(), null, CompressionFormat.None);
        Assert.Equal((long)(new FileInfo(sql).Length * DiskEstimate.InnoDbFactor) + DiskEstimate.EmptyDataDirectory,
            DiskEstimate.Need(RestoreFormats.Of(BackupKind.Mysqldump)!.Method, dump, [dump], DecoderLibraries.Installed,
                CancellationToken.None));
    }
}
