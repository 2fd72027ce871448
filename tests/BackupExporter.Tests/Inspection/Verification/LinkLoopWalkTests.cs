using BackupExporter.Configuration;
using BackupExporter.Decoding;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Offsite;
using BackupExporter.Inspection.Verification;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Inspection.Verification;

/// <summary>Links to directories are not followed by the artifact's walk nor by the off-site listing; a loop is named.</summary>
[Subject(typeof(DirectoryWalk))]
public sealed class LinkLoopWalkTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("backup-exporter-walk-").FullName;

    private string Backup()
    {
        var backup = Directory.CreateDirectory(Path.Combine(_root, "2026-12-07", "shop")).FullName;
        File.WriteAllText(Path.Combine(backup, "t.ibd"), "x");
        File.WriteAllText(Path.Combine(_root, "2026-12-07", "xtrabackup_checkpoints"), "to_lsn = 1\n");
        File.CreateSymbolicLink(Path.Combine(backup, "up"), "..");
        File.CreateSymbolicLink(Path.Combine(_root, "2026-12-07", "self"), ".");
        return Path.Combine(_root, "2026-12-07");
    }

    [Fact]
    public void The_walk_lists_each_real_file_once_and_names_the_loop()
    {
        var walk = DirectoryWalk.Walk(Backup());
        Assert.Equal(["shop/t.ibd", "xtrabackup_checkpoints"], walk.Files.Select(f => f.RelativePath).Order(StringComparer.Ordinal));
        Assert.NotNull(walk.Problem);
        Assert.Matches(@"^symbolic link loop: (self -> \.|shop/up -> \.\.) leads back to a directory that holds it; links to "
            + @"directories are not followed$",
            walk.Problem);
    }

    [Fact]
    public void A_link_out_of_the_artifact_is_not_followed_nor_a_loop()
    {
        var backup = Backup();
        File.Delete(Path.Combine(backup, "self"));
        File.Delete(Path.Combine(backup, "shop", "up"));
        File.CreateSymbolicLink(Path.Combine(backup, "elsewhere"), Directory.CreateDirectory(Path.Combine(_root, "other")).FullName);
        File.WriteAllText(Path.Combine(_root, "other", "big.bin"), "y");
        var walk = DirectoryWalk.Walk(backup);
        Assert.Null(walk.Problem);
        Assert.Equal(2, walk.Files.Count);
    }

    [Fact]
    public void The_walk_stops_at_its_cancellation()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => DirectoryWalk.Walk(Backup(), cancelled.Token));
    }

    [Fact]
    public void The_offsite_listing_skips_the_links()
    {
        var backup = Backup();
        var artifact = new ArtifactObservation(backup, 2, DateTimeOffset.UtcNow, false, CheckTable.Of(CheckNames.Complete,
            CheckResult.FixedPass("ok")),
            null, CompressionFormat.None);
        var files = LocalArtifactFiles.Of(_root, artifact);
        Assert.Equal(["2026-12-07/shop/t.ibd", "2026-12-07/xtrabackup_checkpoints"], files.Select(f => f.RelativePath));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
