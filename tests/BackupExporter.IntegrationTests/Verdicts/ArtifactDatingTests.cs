using System.Text.Json;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Verdicts;

/// <summary>
/// Backups made by the real tools at a given moment (under <c>faketime</c>), then copied, touched or cloned: each is
/// dated by its tool's own record, through /metrics, /api/v1/status and the status page of a running exporter.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class ArtifactDatingTests : BackupDirectoryTest
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    public ArtifactDatingTests(SharedMariaDb db)
        : base(db)
    {
    }

    private static void AssertNear(DateTimeOffset expected, double? seconds, string what)
    {
        var got = seconds is { } v ? DateTimeOffset.FromUnixTimeSeconds((long)v).ToString("u") : "none";
        Assert.True(seconds is { } s && Math.Abs(s - expected.ToUnixTimeSeconds()) <= 5, $"{what}: expected about {expected:u}, got {got}");
    }

    private static JsonElement Set(JsonDocument status, string name) =>
        status.RootElement.GetProperty("backups").EnumerateArray().Single(b => b.GetProperty("name").GetString() == name);

    private static IEnumerable<string> Reasons(JsonElement set) =>
        set.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!);

    [Fact]
    public async Task Copied_touched_and_cloned_dumps_keep_their_recorded_age_and_a_dump_without_a_date_says_it_uses_its_file()
    {
        var made = Dir("made");
        var threeDaysAgo = Now.AddDays(-3);
        var copySource = await DumpMaker.DumpAsync(Server, Path.Combine(made, "copied.sql.gz"), modified: threeDaysAgo);
        var copied = Dir("copied");
        await ProcessRunner.CheckedAsync("cp", copySource, copySource + ".sha256", copied); // no -p: the file time is now

        var touched = Dir("touched");
        var eightDaysAgo = Now.AddDays(-8);
        var old = await DumpMaker.DumpAsync(Server, Path.Combine(touched, "shop.sql.gz"), modified: eightDaysAgo);
        await ProcessRunner.CheckedAsync("touch", old); // a cleanup script's doing

        var fiveDaysAgo = Now.AddDays(-5);
        var repo = Dir("repo");
        await DumpMaker.DumpAsync(Server, Path.Combine(repo, "shop.sql.gz"), modified: fiveDaysAgo);
        var git = $"git -c user.name=t -c user.email=t@localhost -c init.defaultBranch=main";
        await ProcessRunner.ShellAsync($"cd {ProcessRunner.Quote(repo)} && {git} init -q && {git} add . && {git} commit -q -m dumps");
        var cloned = Path.Combine(Root, "cloned");
        await ProcessRunner.CheckedAsync("git", "clone", "-q", repo, cloned);

        var noDate = Dir("no-date");
        var twoHoursAgo = Now.AddHours(-2);
        var undated = await DumpMaker.DumpAsync(Server, Path.Combine(noDate, "shop.sql.gz"), DumpCompression.Gzip, sha256Sidecar: true,
            "--single-transaction", "--skip-dump-date", "--databases", "shop");
        var lastLine = await ProcessRunner.ShellAsync($"gzip -dc {ProcessRunner.Quote(undated)} | tail -n 1");
        Assert.Equal("-- Dump completed", lastLine.Trim());
        Damage.SetModified(undated, twoHoursAgo);

        var future = Dir("future");
        var written = await DumpMaker.DumpAtAsync(Server, Path.Combine(future, "shop.sql.gz"), DumpCompression.Gzip, true,
            Now.AddDays(30), "--single-transaction", "--databases", "shop");
        var fileTime = new DateTimeOffset(File.GetLastWriteTimeUtc(written), TimeSpan.Zero);

        var config = TestConfig.Write(Path.Combine(Root, "config.yml"),
        [
            ("copied", copied, null),
            ("touched", touched, b => b.Schedule("0 2 * * *", grace: "2h").Timezone("UTC")),
            ("cloned", cloned, b => b.Pattern("*.sql.gz")),
            ("no-date", noDate, null),
            ("future", future, null),
        ]);
        await using var exporter = await ExporterProcess.StartAsync(config);
        string[] sets = ["copied", "touched", "cloned", "no-date", "future"];
        var m = await exporter.ScrapeUntilAsync(
            s => sets.All(set => s.Value("mysql_backup_artifacts", ("backup", set), ("status", "ok")) == 1), "every set's dump is good");

        double? LastSuccess(string set) => m.Value("mysql_backup_last_success_timestamp_seconds", ("backup", set));
        double? Source(string set, string source) => m.Value("mysql_backup_time_source_info", ("backup", set), ("source", source));
        AssertNear(threeDaysAgo, LastSuccess("copied"), "copied with cp");
        AssertNear(eightDaysAgo, LastSuccess("touched"), "touched");
        AssertNear(fiveDaysAgo, LastSuccess("cloned"), "cloned");
        Assert.True(m.Value("mysql_backup_last_success_age_seconds", ("backup", "touched")) > TimeSpan.FromDays(7.9).TotalSeconds);
        Assert.Equal(1, m.Value("mysql_backup_overdue", ("backup", "touched")));
        foreach (var set in new[] { "copied", "touched", "cloned" })
        {
            Assert.Equal(1, Source(set, "recorded"));
            Assert.Null(Source(set, "file"));
        }
        AssertNear(twoHoursAgo, LastSuccess("no-date"), "no date: the file time");
        Assert.Equal(1, Source("no-date", "file"));
        AssertNear(fileTime, LastSuccess("future"), "future: the file time");
        Assert.Equal(1, Source("future", "file"));
        Assert.Equal(0, m.Value("mysql_backup_artifacts", ("backup", "future"), ("status", "failed")));

        using var status = JsonDocument.Parse((await exporter.GetAsync("/api/v1/status")).Body);
        var copiedSet = Set(status, "copied");
        Assert.Equal("recorded", copiedSet.GetProperty("time_source").GetString());
        Assert.Equal("warning", copiedSet.GetProperty("severity").GetString());
        var warning = Assert.Single(Reasons(copiedSet));
        Assert.StartsWith($"copied.sql.gz was recorded finished at {DumpMaker.LocalStamp(threeDaysAgo)[..13]}", warning);
        Assert.Contains($"but its file time is {Now:yyyy-MM-dd}", warning);
        Assert.Contains("its files were copied, restored or touched", warning);
        var lastSuccess = copiedSet.GetProperty("last_success");
        Assert.Equal("recorded", lastSuccess.GetProperty("time_source").GetString());
        Assert.True(lastSuccess.GetProperty("modified").GetDateTimeOffset() > Now.AddMinutes(-10));
        Assert.True(lastSuccess.GetProperty("time").GetDateTimeOffset() < Now.AddDays(-2.9));

        Assert.Contains(Reasons(Set(status, "touched")), r => r.StartsWith("overdue: ", StringComparison.Ordinal));
        Assert.Equal("file", Set(status, "no-date").GetProperty("time_source").GetString());
        Assert.Empty(Reasons(Set(status, "no-date")));
        var futureSet = Set(status, "future");
        Assert.Equal("warning", futureSet.GetProperty("severity").GetString());
        Assert.Contains(Reasons(futureSet), r => r.StartsWith("artifact shop.sql.gz: its recorded finish time ", StringComparison.Ordinal)
            && r.Contains("lies in the future", StringComparison.Ordinal) && r.Contains("the file time", StringComparison.Ordinal));

        var page = (await exporter.GetAsync("/")).Body;
        Assert.Contains("by its file time: no date recorded by the tool", page);
        Assert.Contains("was recorded finished at", page);
    }

    [Fact]
    public async Task A_mariabackup_and_a_mydumper_directory_copied_with_cp_r_keep_their_recorded_end()
    {
        var made = Dir("made");
        var twoDaysAgo = Now.AddDays(-2);
        await PhysicalBackupMaker.BackupAsync(Server, Path.Combine(made, "full"), at: twoDaysAgo);
        var info = await File.ReadAllTextAsync(Path.Combine(made, "full", "xtrabackup_info"));
        Assert.Contains($"end_time = {DumpMaker.LocalStamp(twoDaysAgo)[..13]}", info); // the real tool wrote the faked moment

        var fourDaysAgo = Now.AddDays(-4);
        var dump = await ProcessRunner.RunAsync("faketime", [DumpMaker.LocalStamp(fourDaysAgo), "mydumper", "-S", Server.SocketPath,
            "-u", "root", "-B", "shop", "-o", Path.Combine(made, "dump"), "-c"]);
        Assert.True(dump.ExitCode == 0, dump.Stderr);

        var physical = Dir("physical");
        var logical = Dir("logical");
        await ProcessRunner.ShellAsync($"cp -r {ProcessRunner.Quote(Path.Combine(made, "full"))} {ProcessRunner.Quote(physical)}/ && "
            + $"cp -r {ProcessRunner.Quote(Path.Combine(made, "dump"))} {ProcessRunner.Quote(logical)}/");

        var config = await ConfigBuilder.Fast()
            .Backup("physical", SetKind.Mariabackup, physical, b => b.Pattern("full"))
            .Backup("logical", SetKind.Mydumper, logical, b => b.Pattern("dump"))
            .WriteToAsync(Path.Combine(Root, "config.yml"));
        await using var exporter = await ExporterProcess.StartAsync(config);
        var m = await exporter.ScrapeUntilAsync(s => s.Value("mysql_backup_artifacts", ("backup", "physical"), ("status", "ok")) == 1
            && s.Value("mysql_backup_artifacts", ("backup", "logical"), ("status", "ok")) == 1, "both copies are good");

        AssertNear(twoDaysAgo, m.Value("mysql_backup_last_success_timestamp_seconds", ("backup", "physical")), "mariabackup copied");
        AssertNear(fourDaysAgo, m.Value("mysql_backup_last_success_timestamp_seconds", ("backup", "logical")), "mydumper copied");
        Assert.Equal(1, m.Value("mysql_backup_time_source_info", ("backup", "physical"), ("source", "recorded")));
        Assert.Equal(1, m.Value("mysql_backup_time_source_info", ("backup", "logical"), ("source", "recorded")));

        using var status = JsonDocument.Parse((await exporter.GetAsync("/api/v1/status")).Body);
        Assert.Contains(Reasons(Set(status, "physical")), r => r.StartsWith("full was recorded finished at ", StringComparison.Ordinal));
        Assert.Contains(Reasons(Set(status, "logical")), r => r.StartsWith("dump was recorded finished at ", StringComparison.Ordinal));
    }
}
