using System.Diagnostics;
using System.Text;
using System.Text.Json;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Offsite;

/// <summary>
/// <c>backup-exporter run --offsite=NAME</c> with the real rclone: the artifact a successful run produced is copied to
/// the remote and recorded in the status file; a temporary failure (WebDAV refused: rclone's exit code 5) is retried
/// until the server is there.
/// </summary>
public sealed class RunOffsiteTests
{
    private static string Config(OffsiteScene scene, Action<YamlBlock> remote) => new ConfigBuilder()
        .Global(g => g.SettleTime("0s"))
        .Backup("shop", SetKind.Mysqldump, scene.Local, b => b.Offsite(remote))
        .WriteTo(Path.Combine(scene.Root, "config.yml"));

    private static string[] RunArgs(string config, string status, string remote, string dump, string retryDelay = "1s") =>
    [
        "run", "--config.file=" + config, "--backup=shop", "--offsite=" + remote, "--retry-delay=" + retryDelay,
            "--status-file=" + status, "--",
        "sh", "-c", $"printf -- '-- MariaDB dump 10.19\\nINSERT INTO t VALUES (1);\\n-- Dump completed on 2026-11-30 02:00:00\\n' > {dump}",
    ];

    [Fact]
    public async Task Run_copies_the_produced_dump_to_the_remote_and_records_the_copy()
    {
        using var scene = new OffsiteScene();
        var mirror = Path.Combine(scene.Root, "mirror");
        var config = Config(scene, r => r.Set("name", "mirror").Set("remote", mirror));
        var status = Path.Combine(scene.Root, "status.json");
        var dump = Path.Combine(scene.Local, "shop-3.sql");

        var (code, _, stderr) = await ExporterProcess.RunCliAsync(RunArgs(config, status, "mirror", dump));

        Assert.True(code == 0, stderr);
        Assert.Equal(await File.ReadAllBytesAsync(dump), await File.ReadAllBytesAsync(Path.Combine(mirror, "shop-3.sql")));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(status));
        Assert.Equal("succeeded", json.RootElement.GetProperty("outcome").GetString());
        var copy = json.RootElement.GetProperty("offsite_copy");
        Assert.Equal("mirror", copy.GetProperty("remote").GetString());
        Assert.Equal(mirror + "/shop-3.sql", copy.GetProperty("destination").GetString());
        Assert.Equal("copied", copy.GetProperty("outcome").GetString());
        Assert.Equal(1, copy.GetProperty("attempts").GetInt32());
        Assert.Equal(JsonValueKind.Null, copy.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task A_refused_webdav_server_is_retried_until_it_answers()
    {
        using var scene = new OffsiteScene();
        var port = RcloneServer.FreePort();
        scene.AddSection($"[dav]\ntype = webdav\nurl = http://127.0.0.1:{port}/\nvendor = other\nuser = {RcloneServer.User}\npass "
            + $"= {await RcloneServer.ObscureAsync(RcloneServer.Password)}\n");
        var config = Config(scene, r => r.Set("name", "dav").Set("remote", "dav:shop").Set("rclone_config", scene.ConfigFile)
            .Set("timeout", "10s"));
        var status = Path.Combine(scene.Root, "status.json");
        var dump = Path.Combine(scene.Local, "shop-3.sql");
        var served = Directory.CreateDirectory(Path.Combine(scene.Root, "served")).FullName;

        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in (string[])[ExporterProcess.Dll, .. RunArgs(config, status, "dav", dump, retryDelay: "3s")])
            info.ArgumentList.Add(a);
        using var run = Process.Start(info)!;
        var stderr = new StringBuilder();
        var firstFailure = new TaskCompletionSource();
        run.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (stderr)
                stderr.AppendLine(e.Data);
            if (e.Data.Contains("copy to dav, attempt 1 of 4 failed", StringComparison.Ordinal))
                firstFailure.TrySetResult();
        };
        run.BeginErrorReadLine();
        run.BeginOutputReadLine();

        await firstFailure.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await using var server = await RcloneServer.StartAsync("webdav", served, onPort: port);
        await run.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));

        string Said() { lock (stderr) return stderr.ToString(); }
        Assert.True(run.ExitCode == 0, Said());
        Assert.Contains("exit 5, temporary error, a retry may succeed", Said(), StringComparison.Ordinal);
        Assert.Contains("connection refused", Said(), StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllBytesAsync(dump), await File.ReadAllBytesAsync(Path.Combine(served, "shop", "shop-3.sql")));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(status));
        var copy = json.RootElement.GetProperty("offsite_copy");
        Assert.Equal("copied", copy.GetProperty("outcome").GetString());
        Assert.InRange(copy.GetProperty("attempts").GetInt32(), 2, 4);
    }

    [Fact]
    public async Task A_copy_that_fails_for_good_makes_the_run_exit_1_and_says_why_without_the_secret()
    {
        using var scene = new OffsiteScene();
        await using var server =
            await RcloneServer.StartAsync("webdav", Directory.CreateDirectory(Path.Combine(scene.Root, "served")).FullName);
        scene.AddSection(await server.SectionAsync("dav", password: "Not-the-pass-42"));
        var config = Config(scene, r => r.Set("name", "dav").Set("remote", "dav:shop").Set("rclone_config", scene.ConfigFile)
            .Set("timeout", "10s"));
        var status = Path.Combine(scene.Root, "status.json");

        var (code, _, stderr) = await ExporterProcess.RunCliAsync(RunArgs(config, status, "dav", Path.Combine(scene.Local, "shop-3.sql")));

        Assert.Equal(1, code);
        Assert.Contains("not copied to dav: rclone copyto failed (exit 1", stderr, StringComparison.Ordinal);
        var text = await File.ReadAllTextAsync(status);
        Assert.DoesNotContain("Not-the-pass-42", text + stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(text);
        Assert.Equal("succeeded", json.RootElement.GetProperty("outcome").GetString()); // the backup itself is good
        Assert.Equal("failed", json.RootElement.GetProperty("offsite_copy").GetProperty("outcome").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("offsite_copy").GetProperty("attempts").GetInt32()); // not temporary: not retried
    }

    [Fact]
    public async Task An_unknown_remote_name_is_said_at_once_and_the_backup_still_runs()
    {
        using var scene = new OffsiteScene();
        var config = Config(scene, r => r.Set("name", "mirror").Set("remote", scene.Remote));
        var dump = Path.Combine(scene.Local, "shop-3.sql");

        var (code, _, stderr) = await ExporterProcess.RunCliAsync(RunArgs(config, Path.Combine(scene.Root, "status.json"), "mirorr", dump));

        Assert.Equal(0, code);
        Assert.True(File.Exists(dump));
        Assert.Contains("--offsite=mirorr: set \"shop\" has no remote of that name (configured: mirror); the backup runs but is not copied",
            stderr, StringComparison.Ordinal);
    }
}
