using BackupExporter.Restore.Physical;

namespace BackupExporter.Tests.Restore.Physical;

public sealed class ToolOutputTests
{
    private static ToolOutput Of(params string[] lines)
    {
        var output = new ToolOutput();
        foreach (var line in lines)
            output.Add(line);
        return output;
    }

    [Fact]
    public void A_damaged_redo_log_is_told_by_InnoDBs_first_error_and_the_failed_step()
    {
        // mariabackup 10.11 --prepare on a backup whose redo records were zeroed.
        var output = Of(
            "[00] 2026-11-30 03:06:07 cd to /tmp/pexp/f3/",
            "2026-11-30  3:06:07 0 [Note] InnoDB: Initializing buffer pool, total size = 100.000MiB, chunk size = 1.563MiB",
            "2026-11-30  3:06:07 0 [ERROR] InnoDB: Missing FILE_CHECKPOINT(44744) at 44744",
            "2026-11-30  3:06:07 0 [ERROR] InnoDB: Log scan aborted at LSN 44744",
            "[00] 2026-11-30 03:06:07 mariadb-backup: srv_start() returned 11 (Generic error).",
            "Error in my_thread_global_end(): 1 threads didn't exit");

        Assert.Equal("[ERROR] InnoDB: Missing FILE_CHECKPOINT(44744) at 44744 … mariadb-backup: srv_start() returned 11 (Generic error).",
            output.TellingLine());
    }

    [Fact]
    public void One_error_line_is_told_alone_without_its_timestamp()
    {
        var output = Of("[00] 2026-11-30 03:11:13 xb_stream_read_chunk(): my_read() failed.");
        Assert.Equal("xb_stream_read_chunk(): my_read() failed.", output.TellingLine());
    }

    [Fact]
    public void Without_an_error_word_the_last_line_tells()
    {
        Assert.Equal("second", Of("first", "second", "").TellingLine());
        Assert.Equal("(it printed nothing)", Of().TellingLine());
    }

    [Fact]
    public void Keeps_a_bounded_tail_of_a_long_output()
    {
        var output = Of([.. Enumerable.Range(1, 10_000).Select(i => $"line {i}")]);
        Assert.Equal(20, output.Tail.Count);
        Assert.Equal("line 10000", output.TellingLine());
    }
}
