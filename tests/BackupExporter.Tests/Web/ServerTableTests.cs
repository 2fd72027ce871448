using System.Text;
using BackupExporter.Reporting;
using BackupExporter.Web;

namespace BackupExporter.Tests.Web;

/// <summary>The binlog archive's line under a server's binary logs: how far it reaches, a stall, a gap, the copy off-site.</summary>
public sealed class ServerTableTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 3, 0, 0, TimeSpan.Zero);
    private const string RunbookBase = "https://wiki.example.com/runbooks.md";

    private static string Render(BinlogArchiveReport archive)
    {
        var html = new StringBuilder();
        var server = new ServerReport { Name = "db1", Up = true, BinlogEnabled = true, BinlogFiles = 3, BinlogArchive = archive };
        ServerTable.Render(html, [server], RunbookBase, Now);
        return html.ToString();
    }

    [Fact]
    public void A_whole_archive_says_how_far_it_and_its_copy_off_site_reach()
    {
        var html = Render(new BinlogArchiveReport
        {
            Path = "/var/backups/binlogs/db1", ReachesTo = Now.AddMinutes(-2), From = "mysql-bin.000004", Files = 3,
            Remote = "s3:binlogs/db1", OffsiteReachesTo = Now.AddHours(-1),
        });

        Assert.Contains("archive reaches ", html);
        Assert.Contains("2 min ago", html);
        Assert.Contains("(from mysql-bin.000004)", html);
        Assert.Contains(", off-site ", html);
        Assert.DoesNotContain("STALLED", html);
        Assert.DoesNotContain("GAP", html);
    }

    [Fact]
    public void A_stall_and_a_gap_are_said_with_their_reasons_and_runbooks()
    {
        var html = Render(new BinlogArchiveReport
        {
            Path = "/var/backups/binlogs/db1", ReachesTo = Now.AddHours(-3), Stalled = true, Stall = "the binlog archiver has stopped",
            Gap = true, Problem = "mysql-bin.000002 is missing",
        });

        Assert.Contains("STALLED – the binlog archiver has stopped <a class=\"runbook\" "
            + "href=\"https://wiki.example.com/runbooks.md#mysqlbackupbinlogarchivestalled\">", html);
        Assert.Contains("GAP</span> – mysql-bin.000002 is missing <a class=\"runbook\" "
            + "href=\"https://wiki.example.com/runbooks.md#mysqlbackupbinlogarchivegap\">", html);
    }

    [Fact]
    public void An_archive_with_nothing_usable_and_an_unreachable_remote_says_both()
    {
        var html = Render(new BinlogArchiveReport
        {
            Path = "/var/backups/binlogs/db1", Problem = "the binlog archive directory /var/backups/binlogs/db1 does not exist",
            Remote = "s3:binlogs/db1", OffsiteError = "rclone lsjson failed (exit 1)",
        });

        Assert.Contains("archive: nothing usable", html);
        Assert.Contains("off-site <span class=\"failed\">unreachable</span> – rclone lsjson failed (exit 1)", html);
        Assert.Contains("does not exist", html);
    }
}
