using System.Text.RegularExpressions;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.BadInput;

/// <summary>
/// Concatenated gzip members of zeros named like a dump: past deflate's own ratio, reading stops and the
/// <c>compression</c> check says the ratio; below it, each round times out and the next waits longer.
/// </summary>
public sealed partial class DecompressionBombTests : IAsyncDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("backup-exporter-bomb-").FullName;

    /// <summary>One gzip member of <paramref name="mebibytes"/> MiB of zeros, repeated <paramref name="members"/> times.</summary>
    private async Task<string> BombAsync(string name, int level, int mebibytes, int members)
    {
        var dumps = Directory.CreateDirectory(Path.Combine(_root, name)).FullName;
        var member = Path.Combine(_root, name + ".member.gz");
        await ProcessRunner.ShellAsync($"head -c {mebibytes}M /dev/zero | gzip -{level} > {member}");
        var bomb = Path.Combine(dumps, "shop.sql.gz");
        await using (var output = File.Create(bomb))
        {
            var bytes = await File.ReadAllBytesAsync(member);
            for (var i = 0; i < members; i++)
                await output.WriteAsync(bytes);
        }
        Damage.SetModified(bomb, DateTimeOffset.UtcNow.AddHours(-1));
        return dumps;
    }

    private string Config(string name, string dumps, string timeout)
    {
        var config = Path.Combine(_root, name + ".yml");
        File.WriteAllText(config, $"global:\n  interval: 1s\nbackups:\n  - name: {name}\n    kind: mysqldump\n    path: {dumps}\n" +
            $"    pattern: \"*.sql.gz\"\n    checksum: none\n    timeout: {timeout}\n");
        return config;
    }

    [Fact]
    public async Task A_bomb_past_the_ratio_of_any_real_dump_fails_compression_with_its_ratio_in_seconds()
    {
        // 512 MiB of zeros at gzip -9 is deflate's maximum, about 1,030:1; eight members inflate to 4 GiB.
        var config = Config("maximal", await BombAsync("maximal", 9, 512, 8), "60s");

        var started = DateTime.UtcNow;
        var r = await ExporterProcess.RunCliAsync("verify", "--config.file=" + config, "--output=text");

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "reading stopped early");
        Assert.True(r.ExitCode == 2, r.Stdout + r.Stderr);
        Assert.Matches(@"compression +FAILED +inflates 1,0\d\d:1 \([\d,]+ bytes from the first [\d,]+\), " +
            "more than the 1,000:1 no real gzip dump reaches: " +
            "a decompression bomb[?] Reading stopped there", r.Stdout);
    }

    [Fact]
    public async Task A_bomb_that_cannot_be_read_in_time_is_retried_ever_later()
    {
        // gzip -1: about 230:1, a ratio real dumps reach; 100 members inflate to 25 GiB, far more than 1 s can read.
        var config = Config("slow", await BombAsync("slow", 1, 256, 100), "1s");
        await using var exporter = await ExporterProcess.StartAsync(config);

        var log = await exporter.OutputUntilAsync("timed out 3 times in a row: backing off, next run in 8s instead of 1s", seconds: 60);
        Assert.Contains("inspection backup:slow timed out 1 times in a row: backing off, next run in 2s instead of 1s", log);
        Assert.Contains("inspection backup:slow timed out 2 times in a row: backing off, next run in 4s instead of 1s", log);
        // The runs are spaced as said: from the second timeout to the third, at least the 4 s wait and the 1 s run.
        var times = TimeoutLine().Matches(log).Select(m => DateTimeOffset.Parse(m.Groups["ts"].Value,
            System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(times.Count >= 3, log);
        Assert.True(times[2] - times[1] >= TimeSpan.FromSeconds(4.5), $"{times[1]:O} then {times[2]:O}");
        var status = (await exporter.GetAsync("/api/v1/status")).Body;
        Assert.Contains("timed out after 1s; backing off: next run in ", status);
    }

    [GeneratedRegex(@"ts=(?<ts>\S+) level=warn logger=InspectionScheduler msg=""inspection backup:slow failed: timed out after 1s")]
    private static partial Regex TimeoutLine();

    public async ValueTask DisposeAsync() => await ProcessRunner.RunAsync("rm", ["-rf", _root]);
}
