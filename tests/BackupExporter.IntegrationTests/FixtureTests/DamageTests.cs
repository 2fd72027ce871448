using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.FixtureTests;

public sealed class DamageTests : IDisposable
{
    private static readonly DateTime Yesterday = DateTime.UtcNow.AddDays(-1).Date;
    private readonly string _dir = Directory.CreateTempSubdirectory("backup-exporter-damage-").FullName;

    private string File100(string name)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, Enumerable.Range(0, 100).Select(i => (byte)i).ToArray());
        File.SetLastWriteTimeUtc(path, Yesterday);
        return path;
    }

    [Fact]
    public void Truncating_flipping_and_emptying_keep_the_modification_time()
    {
        var cut = File100("cut");
        Damage.Truncate(cut, 40);
        Assert.Equal(40, new FileInfo(cut).Length);
        Damage.TruncateFraction(cut, 0.5);
        Assert.Equal(20, new FileInfo(cut).Length);

        var flipped = File100("flipped");
        Damage.FlipByte(flipped, 7);
        var bytes = File.ReadAllBytes(flipped);
        Assert.Equal(100, bytes.Length);
        Assert.NotEqual(7, bytes[7]);
        Assert.Equal(8, bytes[8]);

        var empty = File100("empty");
        Damage.MakeEmpty(empty);
        Assert.Equal(0, new FileInfo(empty).Length);

        foreach (var path in new[] { cut, flipped, empty })
            Assert.Equal(Yesterday, File.GetLastWriteTimeUtc(path));
        Damage.SetModified(empty, new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTime(2026, 11, 24, 3, 0, 0, DateTimeKind.Utc), File.GetLastWriteTimeUtc(empty));
    }

    [Fact]
    public async Task Sidecars_are_in_sha256sum_format_and_can_be_wrong_or_gone()
    {
        var path = File100("a.sql.gz");
        DumpMaker.WriteSidecar(path);
        await ProcessRunner.CheckedAsync("bash", "-c", $"cd {ProcessRunner.Quote(_dir)} && sha256sum -c --quiet a.sql.gz.sha256");

        Damage.WriteWrongSidecar(path);
        var check = await ProcessRunner.RunAsync("bash", ["-c", $"cd {ProcessRunner.Quote(_dir)} && sha256sum -c --quiet a.sql.gz.sha256"]);
        Assert.Equal(1, check.ExitCode);

        Damage.RemoveSidecar(path);
        Assert.False(File.Exists(path + ".sha256"));
    }

    [Fact]
    public async Task A_growing_file_grows_until_disposed()
    {
        var path = Path.Combine(_dir, "growing.sql");
        await using (var growing = Damage.Start(path))
        {
            var first = new FileInfo(path).Length;
            var until = DateTime.UtcNow.AddSeconds(30);
            while (new FileInfo(path).Length <= first)
            {
                Assert.True(DateTime.UtcNow < until, "the file did not grow within 30 s");
                await Task.Delay(50);
            }
        }
        // Disposing waits for the writer to end: from then on nothing appends, however long one looks.
        var stopped = new FileInfo(path).Length;
        await Task.Yield();
        Assert.Equal(stopped, new FileInfo(path).Length);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
