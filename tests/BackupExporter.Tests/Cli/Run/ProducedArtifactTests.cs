using BackupExporter.Cli.Run;
using BackupExporter.Configuration;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Cli.Run;

/// <summary>The artifact <c>run</c> reports: by the kind's shape, a file or directory, or none for a history row.</summary>
public sealed class ProducedArtifactTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("Meb")]
    [InlineData("XtrabackupHistory")]
    public void A_history_row_set_has_no_file_to_look_for_even_without_a_path(string kindName)
    {
        var kind = Enum.Parse<BackupKind>(kindName);
        // The configuration gives a history-row set without path an empty one: it must not be opened as a directory.
        var set = TestSets.Mysqldump(path: "", pattern: "*") with { Kind = kind };

        var (artifact, problem) = ProducedArtifact.Find(set, DateTimeOffset.UtcNow);

        Assert.Null(artifact);
        Assert.Null(problem);
    }

    [Fact]
    public void A_dump_set_reports_the_file_the_run_wrote()
    {
        var started = DateTimeOffset.UtcNow;
        var dump = Path.Combine(_dir.Path, "nightly-1.sql");
        File.WriteAllText(dump, "-- Dump completed\n");

        var (artifact, problem) = ProducedArtifact.Find(TestSets.Mysqldump(_dir.Path), started);

        Assert.Null(problem);
        Assert.Equal(dump, artifact?.Path);
        Assert.False(artifact!.IsDirectory);
    }
}
