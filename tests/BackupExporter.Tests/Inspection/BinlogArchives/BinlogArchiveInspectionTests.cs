using BackupExporter.Configuration;
using BackupExporter.Inspection.BinlogArchives;
using BackupExporter.Inspection.Server;

namespace BackupExporter.Tests.Inspection.BinlogArchives;

/// <summary>
/// The inspection of an archive directory holding binary logs a real MariaDB wrote (Inspection/Server/Samples): the
/// gap-free run and how far it reaches, a missing file, a file cut short, the cache of unchanged files.
/// </summary>
public sealed class BinlogArchiveInspectionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("binlog-archive-").FullName;
    private long _read;

    public BinlogArchiveInspectionTests()
    {
        foreach (var name in (string[])["mysql-bin.000001", "mysql-bin.000002", "mysql-bin.000003"])
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Inspection", "Server", "Samples", name), Path.Combine(_directory, name));
        File.WriteAllText(Path.Combine(_directory, "archiver.log"), "not a binary log, and not named like one");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private BinlogArchiveInspection Inspection(ServerObservation? server = null) => new(new ServerConfig
    {
        Name = "db1", Interval = TimeSpan.FromMinutes(1), Timeout = TimeSpan.FromSeconds(10),
        BinlogArchive = new BinlogArchiveConfig { Path = _directory },
    }, () => server, TimeProvider.System, n => _read += n);

    private static async Task<BinlogArchiveObservation> RunAsync(BinlogArchiveInspection inspection) =>
        (BinlogArchiveObservation)await inspection.RunAsync(CancellationToken.None);

    [Fact]
    public async Task A_whole_archive_is_one_run_reaching_to_the_newest_event_and_is_read_once()
    {
        var inspection = Inspection();

        var o = await RunAsync(inspection);

        Assert.Null(o.Problem);
        Assert.False(o.Gap);
        Assert.Equal(["mysql-bin.000001", "mysql-bin.000002", "mysql-bin.000003"], o.Contiguous.Select(b => b.Name));
        Assert.Equal(3, o.Files);
        Assert.Equal(1122 + 593 + 546, o.Bytes);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1796683548), o.ReachesTo);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1796683541), o.Contiguous[0].FirstEventTime);
        Assert.All(o.Contiguous, b => Assert.False(b.Offsite));
        Assert.Null(o.OffsiteUp); // no remote configured

        var readFirst = _read;
        var again = await RunAsync(inspection);
        Assert.Equal(readFirst, _read); // unchanged files are not read again
        Assert.Equal(o.Contiguous, again.Contiguous);
    }

    [Fact]
    public async Task A_missing_middle_file_is_a_gap_and_the_run_starts_after_it()
    {
        File.Delete(Path.Combine(_directory, "mysql-bin.000002"));

        var o = await RunAsync(Inspection());

        Assert.True(o.Gap);
        Assert.Equal(1, o.MissingFiles);
        Assert.Equal("mysql-bin.000002 is missing (between mysql-bin.000001 and mysql-bin.000003): the archive is continuous only "
            + "from mysql-bin.000003 on", o.Problem);
        Assert.Equal(["mysql-bin.000003"], o.Contiguous.Select(b => b.Name));
    }

    [Fact]
    public async Task A_closed_file_cut_short_breaks_the_run_and_is_named_with_its_reason()
    {
        var path = Path.Combine(_directory, "mysql-bin.000002");
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..560]);

        var o = await RunAsync(Inspection());

        Assert.True(o.Gap);
        Assert.Equal(0, o.MissingFiles);
        Assert.Equal(["mysql-bin.000002 is cut short: its last event is incomplete at byte 546 of 560"], o.Damaged);
        Assert.Equal("mysql-bin.000002 is cut short: its last event is incomplete at byte 546 of 560; the archive is continuous only "
            + "from mysql-bin.000003 on", o.Problem);
        Assert.Equal(["mysql-bin.000003"], o.Contiguous.Select(b => b.Name));
    }

    [Fact]
    public async Task A_missing_directory_is_the_problem()
    {
        Directory.Delete(_directory, recursive: true);
        Directory.CreateDirectory(_directory + "-other");

        var o = await RunAsync(Inspection());

        Assert.Equal($"the binlog archive directory {_directory} does not exist", o.Problem);
        Assert.Empty(o.Contiguous);
        Assert.Null(o.ReachesTo);
        Directory.Delete(_directory + "-other");
        Directory.CreateDirectory(_directory);
    }
}
