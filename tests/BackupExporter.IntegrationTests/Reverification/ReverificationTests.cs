using System.Text.Json;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Reverification;

/// <summary>
/// Rotating re-verification in a running exporter, on dumps and a backup directory made by the real mariadb-dump and
/// mariabackup: a change that size, time and sidecar hide is caught within one period, named with both digests, and
/// neither forgotten nor read all over again after a restart.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class ReverificationTests : BackupDirectoryTest
{
    private const int PeriodSeconds = 20;

    public ReverificationTests(SharedMariaDb db)
        : base(db)
    {
    }

    private static string Config(string root, params (string Name, SetKind Kind, string Path, string? Checksum)[] sets)
    {
        var config = ConfigBuilder.Fast();
        foreach (var (name, kind, path, checksum) in sets)
            config.Backup(name, kind, path, b =>
            {
                if (checksum is not null)
                    b.Checksum(checksum);
                if (kind == SetKind.Mariabackup)
                    b.Pattern("[0-9]*");
                b.Block("reverify", r => r.Set("period", $"{PeriodSeconds}s").Set("max_rate", "20MiB/s"));
            });
        return config.WriteTo(Path.Combine(root, "exporter.yml"));
    }

    private static double Changed(PrometheusText m, string set) =>
        m.Value("mysql_backup_reverify_changed_artifacts", ("backup", set)) ?? -1;

    private static double Verified(PrometheusText m, string set) =>
        m.Value("mysql_backup_reverify_verified_artifacts_ratio", ("backup", set)) ?? -1;

    private static void FlipByteKeepingTime(string path, long offset)
    {
        var modified = File.GetLastWriteTimeUtc(path);
        using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = offset;
            var b = file.ReadByte();
            file.Position = offset;
            file.WriteByte((byte)(b ^ 0x10));
        }
        File.SetLastWriteTimeUtc(path, modified);
    }

    private static async Task WaitForAsync(Func<Task<bool>> done, int seconds)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!await done())
        {
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"within {seconds} s, never: every file of the backup read once");
            await Task.Delay(200);
        }
    }

    private static async Task<JsonElement> SetStatusAsync(ExporterProcess exporter, string set)
    {
        var (_, body) = await exporter.GetAsync("/api/v1/status");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("backups").EnumerateArray().Single(b => b.GetProperty("name").GetString() == set).Clone();
    }

    [Fact]
    public async Task A_flipped_byte_and_a_same_size_replacement_are_caught_within_a_period_and_a_restart_forgets_neither()
    {
        var flipDir = Dir("flip");
        var old = await DumpMaker.DumpAsync(Server, Path.Combine(flipDir, "shop-1.sql.gz"), sha256Sidecar: false,
            modified: DateTimeOffset.UtcNow.AddDays(-3));
        await DumpMaker.DumpAsync(Server, Path.Combine(flipDir, "shop-2.sql.gz"), sha256Sidecar: false,
            modified: DateTimeOffset.UtcNow.AddHours(-1));
        var swapDir = Dir("swap");
        var swapped = await DumpMaker.DumpAsync(Server, Path.Combine(swapDir, "shop-1.sql"), DumpCompression.None,
            modified: DateTimeOffset.UtcNow.AddDays(-2));
        await DumpMaker.DumpAsync(Server, Path.Combine(swapDir, "shop-2.sql"), DumpCompression.None,
            modified: DateTimeOffset.UtcNow.AddHours(-1));
        var state = Dir("state");
        var config = Config(Root, ("flip", SetKind.Mysqldump, flipDir, null), ("swap", SetKind.Mysqldump, swapDir, "sha256"));

        await using (var exporter = await ExporterProcess.StartWithStateAsync(config, state))
        {
            await exporter.ScrapeUntilAsync(m => Verified(m, "flip") == 1 && Verified(m, "swap") == 1, "every dump verified");

            FlipByteKeepingTime(old, new FileInfo(old).Length / 2);
            // Another dump of the same size, its sidecar written to match, its time set back as `touch -r` would.
            var text = await File.ReadAllTextAsync(swapped);
            var at = text.IndexOf("INSERT INTO", StringComparison.Ordinal) + 40;
            var other = text[..at] + (text[at] == '1' ? '2' : '1') + text[(at + 1)..];
            var replacement = Path.Combine(Root, "replacement.sql");
            await File.WriteAllTextAsync(replacement, other);
            Assert.Equal(new FileInfo(swapped).Length, new FileInfo(replacement).Length);
            await ProcessRunner.ShellAsync($"touch -r {swapped} {replacement} && mv {replacement} {swapped} "
                + $"&& sha256sum {swapped} | sed 's, .*/,  ,' > {swapped}.sha256");
            var changedAt = DateTime.UtcNow;

            var caught = await exporter.ScrapeUntilAsync(m => Changed(m, "flip") == 1 && Changed(m, "swap") == 1,
                "both changes caught", seconds: PeriodSeconds + 15);
            Assert.True(DateTime.UtcNow - changedAt < TimeSpan.FromSeconds(PeriodSeconds + 10), "caught within one period");
            Assert.Equal(0.5, Verified(caught, "flip"));

            var flip = await SetStatusAsync(exporter, "flip");
            var described = Assert.Single(flip.GetProperty("reverify").GetProperty("changed").EnumerateArray()).GetString()!;
            Assert.Matches(@"read whole on .* UTC with sha256 [0-9a-f]{64}, read again on .* UTC with sha256 [0-9a-f]{64}$", described);
            var failed = Assert.Single(flip.GetProperty("failed_artifacts").EnumerateArray());
            Assert.Equal("shop-1.sql.gz", failed.GetProperty("name").GetString());
            Assert.Equal("checksum", failed.GetProperty("check").GetString());
            var swap = await SetStatusAsync(exporter, "swap");
            var swappedFailure = Assert.Single(swap.GetProperty("failed_artifacts").EnumerateArray());
            Assert.Equal("shop-1.sql", swappedFailure.GetProperty("name").GetString());
            Assert.Equal("1 of 2 changed since first read", swap.GetProperty("reverify").GetProperty("text").GetString());
        }

        Assert.True(File.Exists(Path.Combine(state, "reverify", "flip.json")));
        await using (var restarted = await ExporterProcess.StartWithStateAsync(config, state))
        {
            var after = await restarted.ScrapeUntilAsync(m => Changed(m, "flip") >= 0 && Changed(m, "swap") >= 0, "re-verification ran");
            Assert.Equal(1, Changed(after, "flip"));
            Assert.Equal(1, Changed(after, "swap"));
            // The first round after a restart reads nothing again: the set's own verification just read every dump.
            var retained = after.Value("mysql_backup_retained_bytes", ("backup", "flip"))!.Value;
            var read = after.Value("mysql_backup_reverify_read_bytes_total", ("backup", "flip"))!.Value;
            Assert.True(read < retained / 2, $"read {read} of {retained} bytes again right after the restart");
        }
    }

    [Fact]
    public async Task A_changed_file_of_a_real_mariabackup_directory_is_caught_and_named()
    {
        var dir = Dir("physical");
        var backup = Path.Combine(dir, "1-full");
        await PhysicalBackupMaker.BackupAsync(Server, backup);
        await ProcessRunner.ShellAsync($"rm -f {dir}/*.log");
        var config = Config(Root, ("physical", SetKind.Mariabackup, dir, null));

        await using var exporter = await ExporterProcess.StartAsync(config);
        // The share is 1 also while nothing is listed yet (none to verify): wait for the backup itself to be read whole.
        await WaitForAsync(async () => (await SetStatusAsync(exporter, "physical")).TryGetProperty("reverify", out var r)
            && r.GetProperty("artifacts").GetInt32() == 1 && r.GetProperty("verified_artifacts").GetInt32() == 1, 60);
        var table = Directory.GetFiles(backup, "*.ibd", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).First();
        FlipByteKeepingTime(table, new FileInfo(table).Length - 100);

        await exporter.ScrapeUntilAsync(m => Changed(m, "physical") == 1, "the changed table file caught", seconds: PeriodSeconds + 15);
        var status = await SetStatusAsync(exporter, "physical");
        var described = Assert.Single(status.GetProperty("reverify").GetProperty("changed").EnumerateArray()).GetString()!;
        Assert.Contains($"({Path.GetRelativePath(backup, table)})", described, StringComparison.Ordinal);
    }
}
