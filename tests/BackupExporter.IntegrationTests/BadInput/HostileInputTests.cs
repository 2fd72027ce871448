using System.Text;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.BadInput;

/// <summary>
/// Input made to pass for what it is not: a footer without a dump, a log path that is a directory or closed to the
/// exporter, a file name with a newline. Each is caught and said on one line of its own.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class HostileInputTests : BackupDirectoryTest
{
    public HostileInputTests(SharedMariaDb db)
        : base(db)
    {
    }

    private static Task<ProcessRunner.Result> VerifyAsync(string config, string output, string? user = null) =>
        user is null
            ? ProcessRunner.RunAsync("dotnet", [ExporterProcess.Dll, "verify", "--config.file=" + config, "--output=" + output],
                TimeSpan.FromMinutes(2))
            : ProcessRunner.RunAsync("setpriv", ["--reuid=" + user, "--regid=nogroup", "--clear-groups", "dotnet", ExporterProcess.Dll,
                "verify", "--config.file=" + config, "--output=" + output],
                TimeSpan.FromMinutes(2), new Dictionary<string, string> { ["DOTNET_CLI_HOME"] = "/tmp", ["HOME"] = "/tmp" });

    [Fact]
    public async Task Garbage_ending_in_the_footer_is_not_complete_but_a_real_dump_is()
    {
        var dir = Dir("garbage");
        await DumpMaker.DumpAtAsync(Server, Path.Combine(dir, "a-real.sql"), DumpCompression.None,
            sha256Sidecar: true, DateTimeOffset.UtcNow.AddHours(-2), "--databases", "shop");
        Damage.SetModified(Path.Combine(dir, "a-real.sql"), DateTimeOffset.UtcNow.AddHours(-2));
        var fake = Path.Combine(dir, "b-fake.sql");
        var garbage = new byte[40 - "\n-- Dump completed\n".Length];
        new Random(7).NextBytes(garbage);
        await File.WriteAllBytesAsync(fake, [.. garbage.Select(b => (byte)('a' + (b % 26))), .. "\n-- Dump completed\n"u8.ToArray()]);
        Assert.Equal(40, new FileInfo(fake).Length);
        DumpMaker.WriteSidecar(fake); // even its checksum matches: it is what was written
        Damage.SetModified(fake, DateTimeOffset.UtcNow.AddHours(-1));
        var config = TestConfig.Write(Path.Combine(Root, "garbage.yml"), [("garbage", dir, b => b.Pattern("*.sql"))]);

        var r = await VerifyAsync(config, "text");

        Assert.True(r.ExitCode == 2, r.Stdout + r.Stderr);
        Assert.Contains("b-fake.sql", r.Stdout);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(r.Stdout, @"complete +FAILED +a .-- Dump completed. footer but not the "
            + @"header line every dump starts with"), r.Stdout);
        Assert.Matches(@"checksum +ok", r.Stdout);
        var json = (await VerifyAsync(config, "json")).Stdout;
        Assert.Contains("a-real.sql", json); // the real dump, header and footer, is the newest good one
    }

    [Fact]
    public async Task A_log_path_that_is_a_directory_or_unreadable_is_a_warning_on_the_set()
    {
        var dumps = Dir("logs-dumps");
        await DumpMaker.DumpAsync(Server, Path.Combine(dumps, "shop.sql.gz"), modified: DateTimeOffset.UtcNow.AddHours(-1));
        var logDirectory = Dir("a-log-directory");
        var closedLog = Path.Combine(Dir("closed-log"), "backup.log");
        await File.WriteAllTextAsync(closedLog, "mariadb-dump: Got errno 28 on write\n");
        File.SetUnixFileMode(closedLog, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        foreach (var d in new[] { Root, dumps, Path.GetDirectoryName(closedLog)! })
            File.SetUnixFileMode(d, (UnixFileMode)0b111_101_101);
        foreach (var f in Directory.GetFiles(dumps))
            File.SetUnixFileMode(f, (UnixFileMode)0b110_100_100);
        var config = TestConfig.Write(Path.Combine(Root, "logs.yml"),
            [("dirlog", dumps, b => b.Log(logDirectory)), ("closedlog", dumps, b => b.Log(closedLog))]);
        File.SetUnixFileMode(config, (UnixFileMode)0b110_100_100);

        // As root every file is readable: the exporter runs as an unprivileged user, as in production.
        var r = await VerifyAsync(config, "nagios", ProcessRunner.IsRoot ? "nobody" : null);

        Assert.True(r.ExitCode == 1, r.Stdout + r.Stderr);
        Assert.StartsWith("BACKUP WARNING - 2 warning", r.Stdout);
        Assert.Contains($"dirlog: WARNING - cannot read log: {logDirectory} is a directory, not a log file", r.Stdout);
        Assert.Contains($"closedlog: WARNING - cannot read log {closedLog}: permission denied", r.Stdout);
    }

    [Fact]
    public async Task A_newline_in_an_artifact_name_is_escaped_so_nagios_output_keeps_one_line_per_set()
    {
        var dir = Dir("names");
        var name = "shop\nBACKUP OK - all fine | x=1\u001b[31m.sql.gz";
        await File.WriteAllBytesAsync(Path.Combine(dir, name), Encoding.UTF8.GetBytes("not gzip at all"));
        Damage.SetModified(Path.Combine(dir, name), DateTimeOffset.UtcNow.AddHours(-1));
        var config = TestConfig.Write(Path.Combine(Root, "names.yml"), [("names", dir, b => b.Checksum("none"))]);

        var nagios = await VerifyAsync(config, "nagios");
        var text = await VerifyAsync(config, "text");

        Assert.Equal(2, nagios.ExitCode);
        var lines = nagios.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length); // the status line and the one set: nothing a file name can add
        Assert.StartsWith("BACKUP CRITICAL - ", lines[0]);
        Assert.Single(lines[0].Split('|').Skip(1)); // one perfdata separator, the real one
        Assert.Contains(@"shop\nBACKUP OK - all fine ¦ x=1\x1b[31m.sql.gz", nagios.Stdout);
        Assert.Contains(@"newest: shop\nBACKUP OK - all fine | x=1\x1b[31m.sql.gz", text.Stdout);
        Assert.DoesNotContain("\u001b", text.Stdout + nagios.Stdout);
    }
}
