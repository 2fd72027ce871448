using BackupExporter.Configuration;
using BackupExporter.Inspection.Logs;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Inspection.Logs;

public sealed class RunSegmenterTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private readonly string _log;

    public RunSegmenterTests()
    {
        _log = _dir.File("job.log");
    }

    public void Dispose() => _dir.Dispose();

    private static string Sample(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Inspection", "Logs", "Samples", name));

    private static RunSegmenter Segmenter(LogKind kind, string? backup = null, string? cron = null) =>
        new(kind, new RunSegmenterOptions { TimeZone = TimeZoneInfo.Utc, Backup = backup, CronCommand = cron }) { ObservedAt = Now };

    /// <summary>Appends <paramref name="text"/> and lets the follower deliver it, read at <paramref name="at"/>.</summary>
    private static void Feed(LogFollower follower, RunSegmenter segmenter, string text, DateTimeOffset at)
    {
        File.AppendAllText(follower.Path, text);
        segmenter.ObservedAt = at;
        Assert.Null(follower.Read(segmenter).Problem);
    }

    private static string Start(int pid, string at, string backup = "nightly", int attempt = 1) =>
        $"# backup-exporter run start backup={backup} pid={pid} attempt={attempt} at={at}\n";

    private static string End(int pid, int exit, string at, string signal = "none", string backup = "nightly", int timeout = 0) =>
        $"# backup-exporter run end backup={backup} pid={pid} attempt=1 exit={exit} signal={signal} timeout={timeout} "
            + $"duration=12.5 at={at}\n";

    private static long Errors(RunSummary run, ErrorClass c) => run.ErrorLines[c];

    [Fact]
    public void Wrapper_markers_delimit_runs_and_give_exit_and_times()
    {
        using var follower = new LogFollower(_log);
        var segmenter = Segmenter(LogKind.Mysqldump);
        Feed(follower, segmenter,
            Start(100, "2026-11-23T02:00:00.000Z")
            + "mariadb-dump: Got error: 1045: \"Access denied for user 'root'@'localhost' (using password: YES)\" when trying to connect\n"
            + End(100, 2, "2026-11-23T02:00:01.500Z")
            + Start(200, "2026-11-24T02:00:00.000Z")
            + "Warning: A partial dump from a server that has GTIDs will by default include the GTIDs of all transactions\n"
            + End(200, 0, "2026-11-24T02:10:00.000Z"),
            Now);

        var newest = segmenter.NewestRun!;
        Assert.Equal(RunOutcome.Succeeded, newest.Outcome);
        Assert.Equal(0, newest.TotalErrorLines);
        Assert.Equal(DateTimeOffset.Parse("2026-11-24T02:00:00Z"), newest.StartedAt);
        Assert.Equal(DateTimeOffset.Parse("2026-11-24T02:10:00Z"), newest.EndedAt);
        Assert.Equal(0, newest.ExitCode);
        Assert.Equal(200, newest.Pid);
        Assert.Equal(ErrorClasses.All.Count, newest.ErrorLines.Count);

        var failed = segmenter.LastFailedRun!;
        Assert.Equal(RunOutcome.Failed, failed.Outcome);
        Assert.Equal(2, failed.ExitCode);
        Assert.Equal(1, Errors(failed, ErrorClass.AccessDenied));
        Assert.Equal(DateTimeOffset.Parse("2026-11-23T02:00:01.5Z"), failed.EndedAt);
        Assert.StartsWith("mariadb-dump: Got error: 1045", failed.LastErrorLine);
    }

    [Fact]
    public void Each_attempt_of_a_retried_run_is_a_run_and_the_retry_note_none()
    {
        using var follower = new LogFollower(_log);
        var segmenter = Segmenter(LogKind.Mysqldump);
        Feed(follower, segmenter,
            Start(7, "2026-11-24T02:00:00Z")
            + "mariadb-dump: Got error: 2002: \"Can't connect to server on '127.0.0.1' (115)\" when trying to connect\n"
            + End(7, 2, "2026-11-24T02:00:01Z")
            + "# backup-exporter run retry backup=nightly pid=7 attempt=1 next_attempt=2 delay=30 reason=connection_lost\n"
            + Start(7, "2026-11-24T02:00:31Z", attempt: 2) + End(7, 0, "2026-11-24T02:05:00Z"),
            Now);
        Assert.Equal((RunOutcome.Succeeded, 2, 0L), (segmenter.NewestRun!.Outcome, segmenter.NewestRun.Attempt, segmenter.NewestRun.Lines));
        Assert.Equal((1, 1L), (segmenter.LastFailedRun!.Attempt, segmenter.LastFailedRun.ErrorLines[ErrorClass.ConnectionLost]));
    }

    [Fact]
    public void A_run_without_its_end_marker_is_running_until_the_marker_arrives()
    {
        using var follower = new LogFollower(_log);
        var segmenter = Segmenter(LogKind.Xtrabackup);
        Feed(follower, segmenter, Start(300, "2026-11-24T02:00:00Z") + "[00] 2026-11-24 02:00:00 Connecting to MariaDB server "
            + "host: localhost\n", Now);
        Assert.Equal(RunOutcome.Running, segmenter.NewestRun!.Outcome);
        // Hours of silence and a timestamp far from the previous one do not split a wrapped run.
        Feed(follower, segmenter, "[00] 2026-11-24 05:00:00 completed OK!\n" + End(300, 0, "2026-11-24T05:00:01Z"), Now.AddHours(3));
        Assert.Equal(RunOutcome.Succeeded, segmenter.NewestRun!.Outcome);
        Assert.Equal(2, segmenter.NewestRun.Lines);
        Assert.Null(segmenter.LastFailedRun);
    }

    [Fact]
    public void A_signal_or_a_timeout_in_the_end_marker_counts_as_interrupted()
    {
        using var follower = new LogFollower(_log);
        var segmenter = Segmenter(LogKind.Run);
        Feed(follower, segmenter, Start(1, "2026-11-24T02:00:00Z") + End(1, 124, "2026-11-24T03:00:00Z", signal: "TERM", timeout: 1), Now);
        var run = segmenter.NewestRun!;
        Assert.Equal(RunOutcome.Failed, run.Outcome);
        Assert.True(run.TimedOut);
        Assert.Equal("TERM", run.Signal);
        Assert.Equal(1, Errors(run, ErrorClass.Interrupted));
    }

    [Fact]
    public void A_wrapper_killed_before_its_end_marker_is_a_failed_interrupted_run()
    {
        using var follower = new LogFollower(_log);
        var segmenter = Segmenter(LogKind.Mysqldump);
        Feed(follower, segmenter, Start(1, "2026-11-23T02:00:00Z") + Start(2, "2026-11-24T02:00:00Z"), Now);
        Assert.Equal(RunOutcome.Running, segmenter.NewestRun!.Outcome);
        var killed = segmenter.LastFailedRun!;
        Assert.Equal(1, killed.Pid);
        Assert.Equal(1, Errors(killed, ErrorClass.Interrupted));
    }

    [Fact]
    public void Markers_of_another_backup_set_and_their_lines_are_ignored()
    {
        using var follower = new LogFollower(_log);
        var segmenter = Segmenter(LogKind.Mysqldump, backup: "nightly");
        Feed(follower, segmenter,
            Start(1, "2026-11-24T02:00:00Z") + End(1, 0, "2026-11-24T02:01:00Z")
            + Start(2, "2026-11-24T03:00:00Z", backup: "weekly") + "mariadb-dump: Got errno 28 on write\n"
                + End(2, 5, "2026-11-24T03:00:01Z", backup: "weekly"),
            Now);
        Assert.Equal(RunOutcome.Succeeded, segmenter.NewestRun!.Outcome);
        Assert.Equal(1, segmenter.NewestRun.Pid);
        Assert.Null(segmenter.LastFailedRun);
    }

    [Fact]
    public void Mariabackup_runs_are_told_apart_by_their_own_first_lines()
    {
        using var follower = new LogFollower(_log);
        var segmenter = Segmenter(LogKind.Xtrabackup);
        // Three real runs one after the other in one log, within seconds: no gap helps here.
        Feed(follower, segmenter, Sample("mariabackup-missing-privilege.log") + Sample("mariabackup-completed.log"), Now);
        var completed = segmenter.NewestRun!;
        Assert.Equal(RunOutcome.Succeeded, completed.Outcome);
        Assert.Equal(427, completed.Lines);
        Assert.Equal(0, completed.TotalErrorLines);
        Assert.Equal(DateTimeOffset.Parse("2026-11-25T07:54:57Z"), completed.StartedAt);
        Assert.Equal(DateTimeOffset.Parse("2026-11-25T07:54:59Z"), completed.EndedAt);
        var denied = segmenter.LastFailedRun!;
        Assert.Equal(2, Errors(denied, ErrorClass.AccessDenied));
        Assert.Equal(7, denied.Lines);

        Feed(follower, segmenter, Sample("mariabackup-target-exists.log"), Now);
        var exists = segmenter.NewestRun!;
        Assert.Equal(RunOutcome.Failed, exists.Outcome);
        Assert.Equal(16, exists.Lines);
        Assert.Equal(2, Errors(exists, ErrorClass.Other));
        Assert.Equal(
            ["mariabackup: Can't create file '/tmp/capture/full/ib_logfile0' (errno: 17 \"File exists\")",
             "[00] 2026-11-25 07:54:59 Error: failed to open the target stream for 'ib_logfile0'."],
            exists.RecentUnrecognised);
    }

    [Fact]
    public void Mysqldump_lines_without_times_are_split_by_when_they_arrived()
    {
        using var follower = new LogFollower(_log);
        var segmenter = Segmenter(LogKind.Mysqldump);
        Feed(follower, segmenter, "mariadb-dump: Got errno 28 on write\n", Now);
        Feed(follower, segmenter, "mariadb-dump: Got errno 28 on write\n", Now.AddMinutes(5)); // the same night's retry
        Assert.Equal(2, Errors(segmenter.NewestRun!, ErrorClass.DiskFull));
        Feed(follower, segmenter, "mariadb-dump: Got error: 1049: \"Unknown database 'nosuchdb'\" when selecting "
            + "the database\n", Now.AddDays(1));
        var newest = segmenter.NewestRun!;
        Assert.Equal(0, Errors(newest, ErrorClass.DiskFull));
        Assert.Equal(1, Errors(newest, ErrorClass.MissingTable));
        Assert.Equal(RunOutcome.Failed, newest.Outcome);
        Assert.Null(newest.StartedAt); // nothing in the log says when
        Assert.Equal(Now.AddDays(1), newest.FirstObservedAt);
    }

    [Fact]
    public void Timestamps_further_apart_than_the_gap_split_a_backlog_read_at_once()
    {
        using var follower = new LogFollower(_log);
        var segmenter = Segmenter(LogKind.Xtrabackup);
        Feed(follower, segmenter,
            "[00] 2026-11-23 02:00:00 Error: cannot mkdir 20: /backup/xb/2026-11-23/\n"
            + "[00] 2026-11-24 02:00:00 Copying ./shop/t.ibd to /backup/xb/2026-11-24/shop/t.ibd\n"
            + "[00] 2026-11-24 02:00:05 completed OK!\n",
            Now);
        Assert.Equal(RunOutcome.Succeeded, segmenter.NewestRun!.Outcome);
        Assert.Equal(DateTimeOffset.Parse("2026-11-24T02:00:00Z"), segmenter.NewestRun.StartedAt);
        Assert.Equal(1, Errors(segmenter.LastFailedRun!, ErrorClass.Other));
    }

    [Fact]
    public void A_cron_log_gives_the_newest_run_of_the_named_job_only()
    {
        using var follower = new LogFollower(_log);
        var segmenter = Segmenter(LogKind.Cron, cron: "/usr/local/bin/backup.sh");
        Feed(follower, segmenter,
            "Nov 24 02:00:01 db1 CRON[12345]: (root) CMD (/usr/local/bin/backup.sh >> /backup/backup_error.log 2>&1)\n"
            + "Nov 24 02:00:01 db1 CRON[12344]: (CRON) info (No MTA installed, discarding output)\n"
            + "Nov 24 02:05:01 db1 CRON[13000]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)\n"
            + "Nov 24 02:05:02 db1 CRON[12999]: (CRON) error (grandchild #13000 failed with exit status 1)\n"
            + "Nov 24 02:07:13 db1 CRON[12344]: (CRON) error (grandchild #12345 failed with exit status 137)\n"
            + "Nov 24 02:07:14 db1 systemd[1]: Started session-42.scope.\n",
            Now);
        var run = segmenter.NewestRun!;
        Assert.Equal(RunOutcome.Failed, run.Outcome);
        Assert.Equal(137, run.ExitCode);
        Assert.Equal("KILL", run.Signal);
        Assert.Equal(12345, run.Pid);
        Assert.Equal(1, Errors(run, ErrorClass.Interrupted));
        Assert.Equal(0, Errors(run, ErrorClass.Other)); // the other job's failure is not ours
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 2, 0, 1, TimeSpan.Zero), run.StartedAt);
    }

    [Fact]
    public void The_newest_run_can_be_read_again_from_its_start_offset_after_a_restart()
    {
        var text = Start(1, "2026-11-23T02:00:00Z") + "mariadb-dump: Got errno 28 on write\n" + End(1, 5, "2026-11-23T02:00:01Z")
            + Start(2, "2026-11-24T02:00:00Z") + "mariadb-dump: Got error: 1049: \"Unknown database 'x'\" when selecting the database\n";
        File.WriteAllText(_log, text);
        RunSummary before;
        LogPosition position;
        long runStart;
        using (var follower = new LogFollower(_log))
        {
            var segmenter = Segmenter(LogKind.Mysqldump);
            follower.Read(segmenter);
            before = segmenter.NewestRun!;
            position = follower.Position!;
            runStart = segmenter.NewestRunStartOffset!.Value;
        }
        Assert.Equal(text.IndexOf("# backup-exporter run start backup=nightly pid=2", StringComparison.Ordinal), runStart);

        using var again = new LogFollower(_log, position with { Offset = runStart });
        var restarted = Segmenter(LogKind.Mysqldump);
        again.Read(restarted);
        Assert.Equal(before with { RecentUnrecognised = [], RemovalLines = [], ErrorLines = null! },
            restarted.NewestRun! with { RecentUnrecognised = [], RemovalLines = [], ErrorLines = null! });
        Assert.Equal(before.ErrorLines, restarted.NewestRun!.ErrorLines);
    }

    [Fact]
    public void A_run_that_continues_in_a_rotated_file_loses_its_start_offset()
    {
        using var follower = new LogFollower(_log);
        var segmenter = Segmenter(LogKind.Run);
        Feed(follower, segmenter, Start(1, "2026-11-24T02:00:00Z") + "copying\n", Now);
        Assert.Equal(0, segmenter.NewestRunStartOffset);
        File.Move(_log, _log + ".1");
        Feed(follower, segmenter, "still copying\n", Now);
        Assert.Null(segmenter.NewestRunStartOffset);
        Assert.Equal(RunOutcome.Running, segmenter.NewestRun!.Outcome);
        Assert.Equal(2, segmenter.NewestRun.Lines);
    }
}
