using System.Text.Json;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Logs;

/// <summary>
/// <c>backup-exporter run</c> around the real clients given a password in each form they accept: the password is in
/// neither the status file nor the log, and both are private to the backup's user (or to the configured group).
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class RunWrapperSecretTests : BackupDirectoryTest
{
    public RunWrapperSecretTests(SharedMariaDb db)
        : base(db)
    {
    }

    private static Task<ProcessRunner.Result> RunAsync(string config, string state, string[] command,
        Dictionary<string, string>? environment = null) =>
        ProcessRunner.RunAsync("dotnet", [ExporterProcess.Dll, "run", "--config.file=" + config, "--backup=nightly", "--", .. command],
            TimeSpan.FromMinutes(2),
            new Dictionary<string, string>(environment ?? []) { ["STATE_DIRECTORY"] = state });

    public static TheoryData<string, string[], string> Forms => new()
    {
        // form, the command with {S} for the secret and {D} for the dump directory, what the status file shows instead
        { "mariadb-dump -pS", ["{dump}", "-p{S}", "--result-file={D}/a.sql", "shop"], "-p***" },
        { "mariadb-dump --password=S", ["{dump}", "--password={S}", "--result-file={D}/a.sql", "shop"], "--password=***" },
        { "mariadb-dump --pass=S", ["{dump}", "--pass={S}", "--result-file={D}/a.sql", "shop"], "--pass=***" },
        { "mydumper -p S", ["mydumper", "-S", "{sock}", "-u", "root", "-p", "{S}", "-B", "shop", "-o", "{D}/m"], "***" },
        { "mydumper --password S", ["mydumper", "-S", "{sock}", "-u", "root", "--password", "{S}", "-B", "shop", "-o", "{D}/m"], "***" },
        { "MYSQL_PWD=S in a script", ["sh", "-c", "MYSQL_PWD={S} {dump} --socket={sock} --user=root --result-file={D}/a.sql shop"],
            "MYSQL_PWD=***" },
        { "PGPASSWORD=S", ["env", "PGPASSWORD={S}", "true"], "PGPASSWORD=***" },
        { "a URI with a password", ["sh", "-c", "exit 0", "sh", "mysql://backup:{S}@127.0.0.1:3306/shop"],
            "mysql://backup:***@127.0.0.1:3306/shop" },
        { "sshpass -p S", ["sshpass", "-p", "{S}", "true"], "***" },
        // mariabackup's password takes a value (-p, --password=name): the next argument is it ("password: set").
        { "mariabackup -p S", ["mariabackup", "--backup", "--socket={sock}", "--user=root", "-p", "{S}", "--target-dir={D}/mb"], "***" },
        { "mariadb-backup --password S", ["mariadb-backup", "--backup", "--socket={sock}", "--user=root", "--password", "{S}",
            "--target-dir={D}/mb"], "***" },
        // An exported variable in a traced script: `+ export MYSQL_PWD=S` goes to stderr; the recorded script keeps its `;`.
        { "sh -x export MYSQL_PWD=S;", ["sh", "-x", "-c",
            "export MYSQL_PWD={S}; {dump} --socket={sock} --user=root --result-file={D}/a.sql shop && echo done | cat"],
            "export MYSQL_PWD=***; " },
        // A traced script prints its commands, the password with them, to stderr: the log and the status get it scrubbed.
        { "sh -x tracing -pS", ["sh", "-xc", "{dump} --socket={sock} --user=root -p{S} --result-file={D}/a.sql shop; echo 'mariadb-dump: "
            + "Got errno 28 on write' >&2; exit 2"], "-p***" },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task The_password_is_in_neither_the_status_file_nor_the_log_and_the_state_is_private(string form,
        string[] command, string shown)
    {
        var root = Dir("secret-" + Guid.NewGuid().ToString("N")[..8]);
        var dumps = Directory.CreateDirectory(Path.Combine(root, "dumps")).FullName;
        var log = Path.Combine(root, "backup_error.log");
        var config = TestConfig.Write(Path.Combine(root, "config.yml"), [("nightly", dumps, b => b.Pattern("*.sql*").Log(log))]);
        var state = Path.Combine(root, "state");
        var secret = "Zq" + Guid.NewGuid().ToString("N")[..12] + "!x";
        var args = command.Select(a => a.Replace("{S}", secret).Replace("{D}", dumps).Replace("{dump}", Server.DumpToolPath)
            .Replace("{sock}", Server.SocketPath)).ToArray();

        var r = await RunAsync(config, state, args);

        var statusPath = Path.Combine(state, "run", "nightly.json");
        var status = await File.ReadAllTextAsync(statusPath);
        Assert.True(r.ExitCode is 0 or 1 or 2, $"{form}: exit {r.ExitCode}\n{r.Stderr}\n{await File.ReadAllTextAsync(log)}");
        Assert.DoesNotContain(secret, status);
        Assert.DoesNotContain(secret, r.Stderr); // what cron mails on
        Assert.DoesNotContain(secret, await File.ReadAllTextAsync(log));
        Assert.Contains(JsonDocument.Parse(status).RootElement.GetProperty("command").EnumerateArray(), a => a.GetString()!.Contains(shown,
            StringComparison.Ordinal));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(statusPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.Combine(state, "run")));
        if (form.StartsWith("sh -x", StringComparison.Ordinal))
            Assert.Contains(shown.Trim().TrimEnd(';'), await File.ReadAllTextAsync(log)); // the trace line is kept, without the password
        if (form.Contains("export", StringComparison.Ordinal))
            Assert.Contains(JsonDocument.Parse(status).RootElement.GetProperty("command").EnumerateArray(),
                a => a.GetString()!.EndsWith(
                    "; " + Server.DumpToolPath + $" --socket={Server.SocketPath} --user=root --result-file={dumps}/a.sql "
                        + $"shop && echo done | cat",
                    StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_secret_in_the_wrappers_environment_is_scrubbed_from_what_the_command_prints()
    {
        var root = Dir("environment");
        var dumps = Directory.CreateDirectory(Path.Combine(root, "dumps")).FullName;
        var log = Path.Combine(root, "backup_error.log");
        var config = TestConfig.Write(Path.Combine(root, "config.yml"), [("nightly", dumps, b => b.Pattern("*.sql*").Log(log))]);
        var state = Path.Combine(root, "state");
        var secret = "Env" + Guid.NewGuid().ToString("N")[..12];

        var r = await RunAsync(config, state, ["sh", "-c", "echo \"connecting with $MYSQL_PWD\" >&2; exit 1"],
            new Dictionary<string, string> { ["MYSQL_PWD"] = secret });

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("connecting with ***", r.Stderr);
        Assert.Contains("connecting with ***", await File.ReadAllTextAsync(log));
        var status = await File.ReadAllTextAsync(Path.Combine(state, "run", "nightly.json"));
        Assert.DoesNotContain(secret, r.Stderr + status + await File.ReadAllTextAsync(log));
    }

    [Fact]
    public async Task Sshpass_masks_its_own_password_and_keeps_the_port_of_the_ssh_it_runs()
    {
        var root = Dir("sshpass");
        var config = TestConfig.Write(Path.Combine(root, "config.yml"), [("nightly", Directory.CreateDirectory(Path.Combine(root,
            "dumps")).FullName, null)]);
        var state = Path.Combine(root, "state");

        var r = await RunAsync(config, state, ["sshpass", "-p", "Pw" + Guid.NewGuid().ToString("N")[..10], "ssh", "-p", "2222", "-o",
            "BatchMode=yes",
            "-o", "ConnectTimeout=2", "backup@127.0.0.1", "true"]);

        Assert.NotEqual(0, r.ExitCode); // nothing listens on port 2222
        var command = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(state, "run",
            "nightly.json"))).RootElement.GetProperty("command")
            .EnumerateArray().Select(a => a.GetString()!).ToArray();
        Assert.Equal(["sshpass", "-p", "***", "ssh", "-p", "2222", "-o", "BatchMode=yes", "-o", "ConnectTimeout=2", "backup@127.0.0.1",
            "true"], command);
    }

    [Fact]
    public async Task With_a_state_group_the_status_file_and_its_directory_are_readable_by_that_group_only()
    {
        var root = Dir("group");
        var dumps = Directory.CreateDirectory(Path.Combine(root, "dumps")).FullName;
        var config = Path.Combine(root, "config.yml");
        ConfigBuilder.Fast().Global(g => g.StateGroup("nogroup"))
            .Backup("nightly", SetKind.Mysqldump, dumps, b => b.Pattern("*.sql*"))
            .WriteTo(config);
        var state = Path.Combine(root, "state");

        var r = await RunAsync(config, state, ["true"]);

        Assert.Equal(0, r.ExitCode);
        var statusPath = Path.Combine(state, "run", "nightly.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(statusPath));
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute,
            File.GetUnixFileMode(Path.Combine(state, "run")));
        var group = await ProcessRunner.RunAsync("stat", ["-c", "%G", statusPath, Path.Combine(state, "run")]);
        Assert.Equal(["nogroup", "nogroup"], group.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
