using BackupExporter.IntegrationTests.Fixtures;
using FsCheck;
using FsCheck.Fluent;

namespace BackupExporter.IntegrationTests.Logs;

/// <summary>
/// A property over random passwords: each batch runs real commands through <c>backup-exporter run</c> with a password
/// in one of the forms the clients accept (some of them printing it to stderr), adds job-log lines that show the
/// password the way a traced script would, then reads everything a user can see or find: the status files, the logs,
/// the state directory, <c>/metrics</c>, <c>/api/v1/status</c>, the status page, the exporter's own log and
/// <c>verify</c> in every output format. No password may be anywhere.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class SecretPropertyTests : BackupDirectoryTest
{
    private const string PasswordCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#%+,.;=?^_~";
    public SecretPropertyTests(SharedMariaDb db)
        : base(db)
    {
    }

    /// <summary>The commands, with the password S: each really runs (the clients fail to log in or succeed; either is a run).</summary>
    private string[][] Forms(string s) =>
    [
        [Server.DumpToolPath, $"--socket={Server.SocketPath}", "--user=root", "-p" + s, "--no-data", "shop"],
        [Server.DumpToolPath, $"--socket={Server.SocketPath}", "--user=root", "--password=" + s, "--no-data", "shop"],
        ["mydumper", "-S", Server.SocketPath, "-u", "root", "-p", s, "-B", "shop", "-o",
            Path.Combine(Root, "m-" + Guid.NewGuid().ToString("N"))],
        ["sshpass", "-p", s, "true"],
        ["env", "MYSQL_PWD=" + s, "sh", "-c", "echo 'mariadb-dump: Got error: 2002: Can'\\''t connect to local server "
            + "through socket' >&2; exit 2"],
        ["sh", "-c", $"echo 'mariadb-dump: Got error: 1045: Access denied for user (using -p{s})' >&2; exit 2"],
        ["sh", "-c", "echo \"mariadb-dump: Got error: 2013: Lost connection to $1\" >&2; exit 2", "sh", $"mysql://backup:"
            + $"{s}@127.0.0.1:3306/shop"],
        ["env", "PGPASSWORD=" + s, "sh", "-c", "exit 0"],
    ];

    private static Gen<string> Secrets =>
        Gen.Choose(8, 24).SelectMany(n => Gen.ArrayOf(Gen.Elements(PasswordCharacters.ToCharArray()), n)).Select(c => "Q" + new string(c));

    [Fact]
    public void Random_passwords_are_nowhere_a_user_can_look()
    {
        var batches = Gen.Zip(Gen.ListOf(Secrets, 8), Gen.Choose(0, 1000)).ToArbitrary();
        var batch = 0;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2), Prop.ForAll(batches, b =>
            NoSecretAnywhereAsync([.. b.Item1], b.Item2, batch++).GetAwaiter().GetResult()));
    }

    private async Task<bool> NoSecretAnywhereAsync(List<string> secrets, int offset, int batch)
    {
        var root = Dir($"batch-{batch}");
        var dumps = Directory.CreateDirectory(Path.Combine(root, "dumps")).FullName;
        var state = Path.Combine(root, "state");
        var builder = new ConfigBuilder().Global(g => g.Interval("1s").SettleTime("0s").StateFile($"{state}/log-offsets.json"));
        for (var i = 0; i < secrets.Count; i++)
        {
            var set = $"s{i}";
            builder.Backup(set, SetKind.Mysqldump, dumps, b => b.Log($"{root}/logs/{set}.log").RunStatus($"{state}/run/{set}.json"));
        }
        var jobLog = Path.Combine(Directory.CreateDirectory(Path.Combine(root, "job")).FullName, "unwrapped.log");
        builder.Backup("unwrapped", SetKind.Mysqldump, dumps, b => b.Log(jobLog));
        var config = await builder.WriteToAsync(Path.Combine(root, "config.yml"));

        for (var i = 0; i < secrets.Count; i++)
        {
            var forms = Forms(secrets[i]);
            var command = forms[(i + offset) % forms.Length];
            var r = await ProcessRunner.RunAsync("dotnet", [ExporterProcess.Dll, "run", "--config.file=" + config, $"--backup=s{i}", "--",
                .. command], TimeSpan.FromMinutes(2));
            Assert.True(r.ExitCode is 0 or 1 or 2, $"{string.Join(' ', command)}: exit {r.ExitCode}\n{r.Stderr}");
        }
        // A job that is not wrapped, traced with sh -x: its own log shows the password in the command it ran.
        await File.AppendAllTextAsync(jobLog,
            $"+ mysqldump --user=backup --password={secrets[0]} shop\nmysqldump: Got error: 1045: Access denied; ran mysqldump "
                + $"-p{secrets[0]} shop\n");

        string seen;
        await using (var exporter = await ExporterProcess.StartAsync(config))
        {
            await exporter.ScrapeUntilAsync(m => m.Value("mysql_backup_log_errors", ("backup", "unwrapped"), ("source", "mysqldump"),
                ("class", "access_denied")) == 1,
                "the unwrapped job's error line is read");
            seen = string.Join('\n', (await exporter.GetAsync("/metrics")).Body, (await exporter.GetAsync("/api/v1/status")).Body,
                (await exporter.GetAsync("/")).Body, exporter.Output);
        }
        foreach (var output in new[] { "text", "json", "nagios" })
        {
            var v = await ProcessRunner.RunAsync("dotnet", [ExporterProcess.Dll, "verify", "--config.file=" + config, "--output=" + output,
                "--log.level=debug"], TimeSpan.FromMinutes(2));
            seen += "\n" + v.Stdout + v.Stderr;
        }
        // Every file the wrapper and the exporter wrote; not the unwrapped job's own log, nor mydumper's output.
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => f != jobLog && !f.Contains("/m-", StringComparison.Ordinal)))
            seen += "\n" + await File.ReadAllTextAsync(file);

        Assert.Contains("Access denied; ran mysqldump -p*** shop", seen); // the error lines themselves are shown, only without the password
        foreach (var secret in secrets)
            Assert.True(!seen.Contains(secret, StringComparison.Ordinal), $"password {secret} found:\n{Around(seen, secret)}");
        return true;
    }

    private static string Around(string text, string secret)
    {
        var at = text.IndexOf(secret, StringComparison.Ordinal);
        return text[Math.Max(0, at - 300)..Math.Min(text.Length, at + secret.Length + 100)];
    }
}
