using BackupExporter.Configuration;
using BackupExporter.Inspection.Artifacts;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Inspection.Artifacts;

public sealed class ArtifactListingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static GlobPattern Pattern(string text) =>
        GlobPattern.TryParse(text, out var pattern, out var error) ? pattern! : throw new InvalidOperationException(error);

    [Fact]
    public void Lists_matching_files_with_their_size_and_time_and_nothing_else()
    {
        File.WriteAllText(_dir.File("b.sql.gz"), "bbbb");
        File.WriteAllText(_dir.File("a.sql.gz"), "a");
        File.WriteAllText(_dir.File("a.sql.gz.sha256"), "sidecar");
        File.WriteAllText(_dir.File("SHA256SUMS"), "manifest");
        File.WriteAllText(_dir.File("notes.txt"), "not matching");
        Directory.CreateDirectory(_dir.File("dir.sql.gz"));
        File.CreateSymbolicLink(_dir.File("link.sql.gz"), _dir.File("b.sql.gz"));
        // Nanoseconds in the modification time: the listing keeps what .NET keeps (100 ns ticks), like FileInfo.
        Tool.Run("touch", "-d", "2026-11-24 02:00:00.123456789 UTC", _dir.File("a.sql.gz"));
        Tool.Run("touch", "-d", "2026-11-25 02:00:00.987654321 UTC", _dir.File("b.sql.gz"));

        var (files, problem) = ArtifactListing.List(_dir.Path, Pattern("*.sql.gz"));

        Assert.Null(problem);
        Assert.Equal(["a.sql.gz", "b.sql.gz", "link.sql.gz"], files.Select(f => Path.GetFileName(f.Path)).Order(StringComparer.Ordinal));
        foreach (var file in files)
        {
            // A symbolic link is listed with its target's size and time: what a restore would read, and a change of
            // the target changes the artifact (FileInfo would give the link's own).
            var info = new FileInfo(file.Path).ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? new FileInfo(file.Path);
            Assert.Equal(info.Length, file.SizeBytes);
            Assert.Equal(new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero), file.ModifiedTime);
            Assert.Null(file.ListingProblem);
        }
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 2, 0, 0, TimeSpan.Zero).AddTicks(1234567),
            files.Single(f => f.Path.EndsWith("a.sql.gz", StringComparison.Ordinal)).ModifiedTime);
        Assert.Equal(4, files.Single(f => f.Path.EndsWith("link.sql.gz", StringComparison.Ordinal)).SizeBytes);
        Assert.Equal(_dir.File("link.sql.gz"), files.Single(f => f.Path.EndsWith("link.sql.gz", StringComparison.Ordinal)).Path);
    }
}
