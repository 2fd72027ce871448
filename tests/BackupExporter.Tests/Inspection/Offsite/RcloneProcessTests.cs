using BackupExporter.Inspection.Offsite;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Inspection.Offsite;

/// <summary>The flags every rclone call gets, and what a real call that fails comes back with.</summary>
public sealed class RcloneProcessTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Every_call_gets_its_config_timeouts_one_attempt_and_no_prompt_before_its_own_arguments()
    {
        var args = RcloneProcess.Arguments("/etc/backup-exporter/rclone.conf", TimeSpan.FromSeconds(60), ["lsjson", "-R", "s3eu:shop"]);

        Assert.Equal(
        [
            "--config", "/etc/backup-exporter/rclone.conf", "--contimeout", "15s", "--timeout", "60s",
            "--low-level-retries", "1", "--retries", "1", "--ask-password=false", "--use-json-log=false", "lsjson", "-R", "s3eu:shop",
        ], args);
    }

    [Theory]
    [InlineData(0.4, "1s", "1s")]   // never zero
    [InlineData(10.5, "6s", "11s")] // half the timeout to connect, rounded up
    [InlineData(300, "15s", "300s")] // at most 15 s to connect
    public void The_connect_timeout_is_half_the_timeout_within_1_to_15_seconds(double seconds, string connect, string timeout)
    {
        var args = RcloneProcess.Arguments(null, TimeSpan.FromSeconds(seconds), []);

        Assert.DoesNotContain("--config", args);
        Assert.Equal(connect, args[args.IndexOf("--contimeout") + 1]);
        Assert.Equal(timeout, args[args.IndexOf("--timeout") + 1]);
    }

    [Theory]
    [InlineData(1, "rclone lsjson failed (exit 1, syntax, usage or authentication error): ERROR : x")]
    [InlineData(3, "rclone lsjson failed (exit 3, directory not found): ERROR : x")]
    [InlineData(5, "rclone lsjson failed (exit 5, temporary error, a retry may succeed): ERROR : x")]
    [InlineData(42, "rclone lsjson failed (exit 42, unknown exit code): ERROR : x")]
    [InlineData(-1, "rclone lsjson failed (exit -1, killed): ERROR : x")]
    public void A_failure_is_described_by_what_its_exit_code_means_and_rclones_last_error(int code, string expected) =>
        Assert.Equal(expected, new RcloneResult(code, "ERROR : x").Describe("lsjson"));

    [Fact]
    public void Only_exit_5_is_transient_and_only_0_is_ok()
    {
        Assert.True(new RcloneResult(5, null).Transient);
        Assert.False(new RcloneResult(1, null).Transient);
        Assert.True(new RcloneResult(0, null).Ok);
        Assert.False(new RcloneResult(9, null).Ok);
        Assert.Equal("rclone cat a.sql failed (exit 4, file not found)", new RcloneResult(4, null).Describe("cat a.sql"));
    }

    [Fact]
    public async Task A_real_call_on_a_missing_directory_ends_with_exit_3_and_rclones_last_error_without_its_date()
    {
        var config = _dir.File("rclone.conf");
        File.WriteAllText(config, "");
        var read = false;

        var result = await RcloneProcess.RunAsync(config, TimeSpan.FromSeconds(30), ["lsjson", "-R", _dir.File("missing")],
            async (stdout, token) =>
            {
                await stdout.CopyToAsync(Stream.Null, token);
                read = true;
            }, CancellationToken.None);

        Assert.True(read);
        Assert.Equal(3, result.ExitCode);
        Assert.False(result.Ok);
        Assert.Equal("Failed to lsjson with 2 errors: last error was: error in ListJSON: directory not found", result.LastError);
    }

    [Fact]
    public async Task A_real_call_streams_its_output_to_the_reader()
    {
        File.WriteAllText(_dir.File("a.sql"), "abc");
        string? output = null;

        var result = await RcloneProcess.RunAsync(null, TimeSpan.FromSeconds(30), ["--config", "/dev/null", "cat", _dir.File("a.sql")],
            async (stdout, token) => output = await new StreamReader(stdout).ReadToEndAsync(token), CancellationToken.None);

        Assert.True(result.Ok, result.Describe("cat"));
        Assert.Equal("abc", output);
    }
}
