using System.Globalization;
using System.Text.RegularExpressions;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Packaging;

/// <summary>
/// The .deb of scripts/package, installed for real on this machine with dpkg: the packaged user runs the installed
/// native binary, a cron-style `run` as root writes where that service reads, and dpkg -r / dpkg -P leave nothing
/// behind. Needs root (dpkg); lintian and systemd-analyze judge the package and its unit.
/// </summary>
[Collection(DebianPackageCollection.Name)]
public sealed partial class DebianPackageTests
{
    private const string Package = "backup-exporter";
    private const string User = "backup-exporter";
    private const string Binary = "/usr/bin/backup-exporter";
    private const string Unit = "/lib/systemd/system/backup-exporter.service";
    private const string StateDir = "/var/lib/backup-exporter";
    private const string ConfigFile = "/etc/backup-exporter/backup-exporter.yml";

    [Fact]
    public async Task Lintian_finds_no_error_in_the_package()
    {
        var lintian = ProcessRunner.FindExecutable("lintian")
            ?? throw new InvalidOperationException("lintian is missing: apt-get install lintian (scripts/test does)");
        var r = await ProcessRunner.RunAsync(lintian, [ReleaseArtifacts.Deb], TimeSpan.FromMinutes(5));
        var errors = r.Stdout.Split('\n').Where(l => l.StartsWith("E: ", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0 && r.ExitCode == 0, $"lintian exited {r.ExitCode}:\n{r.Stdout}{r.Stderr}");
    }

    [Fact]
    public async Task The_package_installs_runs_as_its_user_and_is_removed_and_purged_cleanly()
    {
        RequireRoot();
        await PurgeLeftoverAsync();
        var backups = CopyExampleBackups();
        try
        {
            await Dpkg("-i", ReleaseArtifacts.Deb);
            await AssertInstalledAsync();
            await AssertUnitIsValidAndHardenedAsync();

            var config = WriteConfig(backups);
            // The packaged user can validate and verify with the installed binary.
            // Its configuration lets the service read the status files that root's cron job writes.
            Assert.Contains("\n  state_group: backup-exporter\n", await File.ReadAllTextAsync(ConfigFile), StringComparison.Ordinal);
            var check = await AsUser(Binary, "check-config", "--config.file=" + ConfigFile);
            Assert.True(check.ExitCode == 0, $"the packaged configuration is invalid for its own binary:\n{check.Stderr}{check.Stdout}");
            Assert.Equal(0, (await AsUser(Binary, "check-config", "--config.file=" + config)).ExitCode);

            // Under the unit's syscall filter and memory-deny-write-execute, as the kernel applies them.
            var sandboxed = await ProcessRunner.RunAsync("/usr/bin/python3", [Sandbox(backups), Unit, Binary, "verify", "--config.file="
                + config, "--backup=good"]);
            Assert.True(sandboxed.ExitCode == 0, $"verify under the unit's SystemCallFilter= and MemoryDenyWriteExecute= exited "
                + $"{sandboxed.ExitCode}:\n{sandboxed.Stdout}{sandboxed.Stderr}");

            // The documented cron line: `backup-exporter run` as root, no flags about where, writes the status file
            // into the run directory the service reads.
            var run = await ProcessRunner.RunAsync("env", ["-u", "STATE_DIRECTORY", Binary, "run", "--config.file=" + config,
                "--backup=good", "--", "false"]);
            Assert.True(run.ExitCode == 1, $"run -- false exited {run.ExitCode}: {run.Stderr}");
            Assert.True(File.Exists($"{StateDir}/run/good.json"), $"the run wrapper did not write {StateDir}/run/good.json: {run.Stderr}");

            await RunServiceAsUserAsync(config, Sandbox(backups));

            await Dpkg("-r", Package);
            Assert.False(File.Exists(Binary), $"{Binary} is left after dpkg -r");
            Assert.False(File.Exists(Unit), $"{Unit} is left after dpkg -r");
            Assert.True(File.Exists(ConfigFile), "dpkg -r must keep the configuration (a conffile) until purge");

            await Dpkg("-P", Package);
            Assert.False(Directory.Exists("/etc/backup-exporter"), "/etc/backup-exporter is left after dpkg -P");
            Assert.False(Directory.Exists(StateDir), $"{StateDir} is left after dpkg -P");
            Assert.Equal(2, (await ProcessRunner.RunAsync("getent", ["passwd", User])).ExitCode);
            Assert.Equal(2, (await ProcessRunner.RunAsync("getent", ["group", User])).ExitCode);
            var status = await ProcessRunner.RunAsync("dpkg-query", ["-W", "-f=${Status}", Package]);
            Assert.True(status.ExitCode != 0 || status.Stdout.Contains("not-installed", StringComparison.Ordinal),
                $"dpkg still knows the package: {status.Stdout}");
        }
        finally
        {
            await PurgeLeftoverAsync();
            Directory.Delete(backups, recursive: true);
        }
    }

    private static async Task AssertInstalledAsync()
    {
        Assert.Contains($" {ReleaseArtifacts.Version}", await ProcessRunner.CheckedAsync(Binary, "--version"), StringComparison.Ordinal);
        var passwd = (await ProcessRunner.CheckedAsync("getent", "passwd", User)).Trim().Split(':');
        Assert.True(int.Parse(passwd[2], CultureInfo.InvariantCulture) < 1000, $"{User} is not a system user: {string.Join(':', passwd)}");
        Assert.Equal("/nonexistent", passwd[5]);
        Assert.Matches("/(nologin|false)$", passwd[6]);
        Assert.Equal($"{User}:{User} 750", await StatAsync(StateDir));
        Assert.Equal($"{User}:{User} 2770", await StatAsync($"{StateDir}/run"));
        Assert.Equal($"root:{User} 640", await StatAsync(ConfigFile));
        Assert.Equal($"root:root 755", await StatAsync(Binary));
        var conffiles = await ProcessRunner.CheckedAsync("dpkg-query", "-W", "-f=${Conffiles}", Package);
        Assert.Contains(ConfigFile, conffiles, StringComparison.Ordinal);
    }

    private static async Task AssertUnitIsValidAndHardenedAsync()
    {
        // Without systemd as PID 1 both still read the unit file: verify checks every directive and the binary.
        var verify = await ProcessRunner.RunAsync("systemd-analyze", ["verify", Unit]);
        Assert.True(verify.ExitCode == 0 && verify.Stderr.Trim().Length == 0, $"systemd-analyze verify {Unit}:\n{verify.Stderr}");
        var security = await ProcessRunner.RunAsync("systemd-analyze", ["security", "--offline=true", Unit]);
        var exposure = ExposurePattern().Match(security.Stdout);
        Assert.True(exposure.Success, $"no exposure level in:\n{security.Stdout}{security.Stderr}");
        var level = double.Parse(exposure.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(level <= 2.0, $"exposure {level} > 2.0:\n{security.Stdout}");
        var unit = await File.ReadAllTextAsync(Unit);
        Assert.Contains("StateDirectory=backup-exporter\n", unit, StringComparison.Ordinal);
        Assert.Contains($"ExecStart={Binary} --config.file={ConfigFile}", unit, StringComparison.Ordinal);
    }

    /// <summary>
    /// The installed binary as the packaged user, with the environment systemd gives it (StateDirectory=), under the
    /// unit's syscall filter and memory-deny-write-execute.
    /// </summary>
    private static async Task RunServiceAsUserAsync(string config, string sandbox)
    {
        var port = ServiceProcess.FreePort();
        var address = $"127.0.0.1:{port}";
        await using (var service = await ServiceProcess.StartAsync("env", port, $"STATE_DIRECTORY={StateDir}", "setpriv",
            $"--reuid={User}", $"--regid={User}", "--init-groups", "/usr/bin/python3", sandbox, Unit,
            Binary, "--config.file=" + config, "--web.listen-address=" + address))
        {
            var metrics = await ScrapeUntilAsync(service, "mysql_backup_last_run_failed{backup=\"good\",source=\"run\"} 1");
            // Every check of the good set passed, read by the unprivileged user.
            Assert.Contains("mysql_backup_check_ok{backup=\"good\",check=\"checksum\"} 1", metrics, StringComparison.Ordinal);
            Assert.Contains("mysql_backup_check_ok{backup=\"truncated\",check=\"compression\"} 0", metrics, StringComparison.Ordinal);
            Assert.Contains("mysql_backup_log_errors{backup=\"truncated\",source=\"mysqldump\",class=\"disk_full\"} 1", metrics,
                StringComparison.Ordinal);

            // Its state goes where systemd's StateDirectory= points, owned by the user.
            await WaitForAsync(() => File.Exists($"{StateDir}/log-offsets.json"), $"{StateDir}/log-offsets.json written by the service");
            Assert.StartsWith($"{User}:{User}", await StatAsync($"{StateDir}/log-offsets.json"), StringComparison.Ordinal);

            var healthy = await AsUser(Binary, "healthcheck", "--web.listen-address=" + address);
            Assert.True(healthy.ExitCode == 0, $"healthcheck of a running exporter exited {healthy.ExitCode}: {healthy.Stderr}");
        }
        var stopped = await AsUser(Binary, "healthcheck", "--web.listen-address=" + address);
        Assert.Equal(1, stopped.ExitCode);
        Assert.Contains(address, stopped.Stderr, StringComparison.Ordinal);
    }

    private static async Task<string> ScrapeUntilAsync(ServiceProcess service, string line)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var metrics = await service.Http.GetStringAsync("/metrics");
            if (metrics.Contains(line, StringComparison.Ordinal))
                return metrics;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"within 60 s never {line}:\n{metrics}\n{service.Output}");
            await Task.Delay(200);
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"within 60 s never: {what}");
            await Task.Delay(200);
        }
    }

    /// <summary>The example dumps and the job log, where the packaged user may read them.</summary>
    private static string CopyExampleBackups()
    {
        var dir = Directory.CreateTempSubdirectory("backup-exporter-deb-").FullName;
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Of("examples", "backups"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(dir, Path.GetRelativePath(RepoPaths.Of("examples", "backups"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            // A dump's age counts from its footer, and a file time far from it is a warning: give the copy the time
            // its footer records, as a copy that keeps times (cp -p, rsync -t) would.
            if (target.EndsWith(".sql.gz", StringComparison.Ordinal) && FooterTime(target) is { } recorded)
                File.SetLastWriteTimeUtc(target, recorded);
        }
        ProcessRunner.CheckedAsync("chmod", "-R", "a+rX", dir).GetAwaiter().GetResult();
        return dir;
    }

    /// <summary>The "-- Dump completed on 2026-11-25  2:21:05" of a gzip dump, read as UTC; null without one.</summary>
    private static DateTime? FooterTime(string dump)
    {
        using var text = new StreamReader(new System.IO.Compression.GZipStream(File.OpenRead(dump),
            System.IO.Compression.CompressionMode.Decompress));
        var last = text.ReadToEnd().TrimEnd().Split('\n')[^1];
        const string Prefix = "-- Dump completed on ";
        return last.StartsWith(Prefix, StringComparison.Ordinal) && DateTime.TryParse(last[Prefix.Length..],
            System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal
            | System.Globalization.DateTimeStyles.AllowWhiteSpaces,
            out var at) ? at : null;
    }

    private static string WriteConfig(string backups)
    {
        var config = Path.Combine(backups, "backup-exporter.yml");
        new ConfigBuilder()
            .Global(g => g.Interval("1s").SettleTime("0s").StateGroup("backup-exporter"))
            .Backup("good", SetKind.Mysqldump, $"{backups}/good", b => b.Pattern("*.sql.gz").Checksum("sha256"))
            .Backup("truncated", SetKind.Mysqldump, $"{backups}/truncated", b => b.Pattern("*.sql.gz").Checksum("sha256")
                .Log($"{backups}/truncated.log"))
            .WriteTo(config);
        File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return config;
    }

    private static Task<ProcessRunner.Result> AsUser(params string[] command) =>
        ProcessRunner.RunAsync("setpriv", [$"--reuid={User}", $"--regid={User}", "--init-groups", .. command]);

    private static async Task<string> StatAsync(string path) => (await ProcessRunner.CheckedAsync("stat", "-c", "%U:%G %a", path)).Trim();

    private static async Task Dpkg(params string[] args)
    {
        var r = await ProcessRunner.RunAsync("dpkg", args, TimeSpan.FromMinutes(5),
            new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" });
        Assert.True(r.ExitCode == 0, $"dpkg {string.Join(' ', args)} exited {r.ExitCode}:\n{r.Stdout}{r.Stderr}");
    }

    /// <summary>A run that failed half-way leaves the package installed: purge it before and after.</summary>
    private static async Task PurgeLeftoverAsync()
    {
        var status = await ProcessRunner.RunAsync("dpkg-query", ["-W", "-f=${Status}", Package]);
        if (status.ExitCode == 0 && !status.Stdout.Contains("not-installed", StringComparison.Ordinal))
            await Dpkg("-P", Package);
    }

    private static void RequireRoot()
    {
        if (!ProcessRunner.IsRoot)
            throw new InvalidOperationException("installing the .deb needs root: run scripts/test as root (CI does)");
    }

    /// <summary>unit-sandbox.py where the packaged user can read it.</summary>
    private static string Sandbox(string backups)
    {
        var copy = Path.Combine(backups, "unit-sandbox.py");
        if (!File.Exists(copy))
            File.Copy(RepoPaths.Of("tests", "BackupExporter.IntegrationTests", "Packaging", "unit-sandbox.py"), copy);
        File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return copy;
    }

    [GeneratedRegex(@"Overall exposure level for \S+: (\d+\.\d+)")]
    private static partial Regex ExposurePattern();
}

/// <summary>The machine-wide package tests (dpkg, the system user) never run beside each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DebianPackageCollection
{
    public const string Name = "debian-package";
}
