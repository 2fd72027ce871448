using System.Text.Json;
using BackupExporter.Runs;

namespace BackupExporter.Tests.Runs;

/// <summary>The run status file is a contract between releases: its bytes, and what a reader makes of a partial one.</summary>
public sealed class RunStatusJsonTests
{
    private static readonly DateTimeOffset Then = new(2026, 11, 30, 2, 0, 0, TimeSpan.Zero);

    private static string Golden => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Runs", "RunStatus.golden.json"));

    private static RunStatus Full() => new()
    {
        Version = RunStatus.CurrentVersion,
        Backup = "nightly",
        Host = "db1",
        WrapperPid = 4242,
        Command = ["mariadb-dump", "--all-databases"],
        Outcome = RunStatus.Failed,
        StartedAt = Then,
        EndedAt = Then.AddMinutes(5),
        DurationSeconds = 300.5,
        ExitCode = 2,
        Signal = "SIGTERM",
        TimedOut = true,
        InterruptedBy = "SIGINT",
        ErrorLines = new Dictionary<string, long> { ["access_denied"] = 1, ["other"] = 0 },
        LastErrorLines = ["mariadb-dump: Got error: 1045"],
        Attempts =
        [
            new RunStatusAttempt
            {
                Attempt = 1, Pid = 4243, StartedAt = Then, EndedAt = Then.AddMinutes(5), DurationSeconds = 300.5, ExitCode = 2,
                Signal = "SIGTERM", TimedOut = true, ErrorLines = new Dictionary<string, long> { ["other"] = 3 },
                RetryReason = "exit 2", RetryAfterSeconds = 1.5,
            },
        ],
        Artifact = new RunStatusArtifact("/b/nightly.sql.gz", 1234, Then.AddMinutes(4), false),
        Checksum = new ChecksumInfo("sha256", "ab12", "/b/nightly.sql.gz.sha256"),
        Log = "/var/log/nightly.log",
        Problems = ["a problem", "ünïcode <&>"],
        OffsiteCopy = new RunStatusOffsiteCopy
        {
            Remote = "mirror", Destination = "mirror:/b/nightly.sql.gz", Outcome = "failed", Attempts = 3, StartedAt = Then.AddMinutes(6),
            EndedAt = Then.AddMinutes(7), DurationSeconds = 60.25, Error = "exit 5",
        },
    };

    [Fact]
    public void Every_field_is_written_under_its_key_in_the_order_and_bytes_of_the_agreed_file()
    {
        Assert.Equal(Golden, Full().ToJson());
    }

    [Fact]
    public void The_agreed_file_reads_back_to_the_same_bytes()
    {
        Assert.Equal(Golden, RunStatus.Parse(Golden)!.ToJson());
    }

    [Fact]
    public void A_file_without_its_optional_keys_reads_them_as_null_or_false()
    {
        var status = RunStatus.Parse("""
            {"version": 1, "backup": "nightly", "host": "db1", "wrapper_pid": 7, "command": ["backup.sh"], "outcome": "running",
             "started_at": "2026-11-30T02:00:00+00:00", "error_lines": {}}
            """)!;

        Assert.Equal(("nightly", 7, "running", Then), (status.Backup, status.WrapperPid, status.Outcome, status.StartedAt));
        Assert.Null(status.EndedAt);
        Assert.Null(status.ExitCode);
        Assert.Null(status.OffsiteCopy); // as in the files of releases before run --offsite
        Assert.False(status.TimedOut);
    }

    [Fact]
    public void A_file_without_a_required_key_is_not_read()
    {
        var e = Assert.Throws<JsonException>(() => RunStatus.Parse("""{"version": 1, "backup": "nightly"}"""));
        Assert.Contains("host", e.Message, StringComparison.Ordinal);
    }
}
