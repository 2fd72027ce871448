using System.Text.RegularExpressions;
using BackupExporter.Reporting;
using BackupExporter.Web;

namespace BackupExporter.Tests.Web;

/// <summary>The status page's order, summary, runbook links, escaping, hash shortening and relative times.</summary>
public sealed partial class StatusPageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 3, 0, 0, TimeSpan.Zero);
    private const string RunbookBase = "https://wiki.example.com/runbooks.md";

    internal static BackupSetReport Set(string name, Severity severity, params Reason[] reasons) => new()
    {
        Name = name, Kind = "mysqldump", Path = "/backup/" + name, Severity = severity, Reasons = reasons,
        Overdue = false, NextExpected = Now.AddHours(4),
    };

    internal static StatusReport Report(params BackupSetReport[] sets) =>
        new("1.2.3", Now, true, sets.Length == 0 ? Severity.Unknown : sets.Max(s => s.Severity), sets, []);

    private static string Render(params BackupSetReport[] sets) => StatusPage.Render(Report(sets), RunbookBase, 60);

    [GeneratedRegex("data-backup=\"([^\"]+)\"")]
    private static partial Regex RowName();

    [Fact]
    public void Critical_sets_come_first_then_unknown_then_warnings_then_healthy_in_configuration_order_within_each()
    {
        var html = Render(
            Set("ok-1", Severity.Ok), Set("warn-1", Severity.Warning), Set("crit-1", Severity.Critical), Set("unknown-1", Severity.Unknown),
            Set("ok-2", Severity.Ok), Set("crit-2", Severity.Critical), Set("warn-2", Severity.Warning));
        Assert.Equal(["crit-1", "crit-2", "unknown-1", "warn-1", "warn-2", "ok-1", "ok-2"], RowName().Matches(html)
            .Select(m => m.Groups[1].Value));
    }

    [Fact]
    public void The_summary_counts_sets_by_verdict_worst_first()
    {
        var sets = Enumerable.Range(0, 37).Select(i => Set($"ok-{i}", Severity.Ok))
            .Append(Set("a", Severity.Critical)).Append(Set("b", Severity.Critical)).Append(Set("c", Severity.Warning)).ToArray();
        Assert.Equal(("2 of 40 sets critical, 1 warning", "critical"), StatusPage.Summary(Report(sets)));
        Assert.Equal(("1 of 3 sets critical, 1 unknown, 1 warning", "critical"),
            StatusPage.Summary(Report(Set("a", Severity.Warning), Set("b", Severity.Critical), Set("c", Severity.Unknown))));
        Assert.Equal(("2 of 3 sets with warnings", "warning"),
            StatusPage.Summary(Report(Set("a", Severity.Warning), Set("b", Severity.Warning), Set("c", Severity.Ok))));
        Assert.Equal(("All 2 backup sets OK", "ok"), StatusPage.Summary(Report(Set("a", Severity.Ok), Set("b", Severity.Ok))));
        Assert.Equal(("No backup sets configured", "unknown"), StatusPage.Summary(Report()));
        Assert.Contains("<p class=\"summary critical\" id=\"summary\">2 of 40 sets critical, 1 warning</p>",
            StatusPage.Render(Report(sets), RunbookBase, 60));
    }

    [Fact]
    public void Every_reason_links_to_its_runbook_section()
    {
        var html = Render(Set("a", Severity.Critical, new Reason("newest artifact x failed checksum: mismatch", Runbooks.ChecksumMismatch),
            new Reason("no point-in-time recovery: binary logging is off", Runbooks.BinlogDisabled)));
        Assert.Contains("<li>newest artifact x failed checksum: mismatch <a class=\"runbook\" "
            + "href=\"https://wiki.example.com/runbooks.md#mysqlbackupchecksummismatch\">runbook</a></li>", html);
        Assert.Contains("href=\"https://wiki.example.com/runbooks.md#mysqlbackupbinlogdisabled\"", html);
    }

    [Fact]
    public void Text_from_configuration_file_names_and_logs_is_escaped()
    {
        var set = Set("a", Severity.Critical, new Reason("no artifact matching \"<script>alert(1)</script>\" in /b", Runbooks.Overdue)) with
        {
            Path = "/backup/<script>alert(2)</script>",
            NewestFinished = new ArtifactReport
            {
                Name = "<img src=x onerror=alert(3)>.sql.gz", Path = "/b/x", SizeBytes = 10, Modified = Now.AddHours(-3),
                Time = Now.AddHours(-3), TimeSource = "recorded", Status = "failed",
                Checks = new Dictionary<string, CheckReport> { ["complete"] = new(false, "ends with \"<b>\"") },
            },
        };
        var html = StatusPage.Render(Report(set), "https://x.example/r.md?a=1&b=\"2\"", 60);
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("\"<b>\"", html);
        Assert.Contains("/backup/&lt;script&gt;alert(2)&lt;/script&gt;", html);
        Assert.Contains("&lt;img src=x onerror=alert(3)&gt;.sql.gz", html);
        Assert.Contains("href=\"https://x.example/r.md?a=1&amp;b=&quot;2&quot;#mysqlbackupoverdue\"", html);
    }

    [Fact]
    public void Long_hashes_are_shortened_with_the_full_value_on_hover()
    {
        const string expected = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        const string actual = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        Assert.Equal(
            $"sidecar says <span class=\"hash\" title=\"{expected}\">9f86d081…0a08</span>, file has <span class=\"hash\" title=\""
                + $"{actual}\">e3b0c442…b855</span> &amp; 0-1-3",
            PageText.Shorten($"sidecar says {expected}, file has {actual} & 0-1-3"));
        Assert.Equal("mysql-bin.000002 385 deadbeef", PageText.Shorten("mysql-bin.000002 385 deadbeef"));
    }

    [Theory]
    [InlineData(42, "42 s")]
    [InlineData(12 * 60, "12 min")]
    [InlineData(3 * 3600, "3 h")]
    [InlineData(3 * 3600 + 20 * 60, "3 h 20 min")]
    [InlineData(30 * 3600, "30 h")]
    [InlineData(3 * 86400 + 5 * 3600, "3 d 5 h")]
    [InlineData(40 * 86400, "40 d")]
    public void Durations_read_as_a_person_says_them(int seconds, string text) =>
        Assert.Equal(text, PageText.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Times_are_relative_with_the_absolute_time_on_hover()
    {
        Assert.Equal("<time datetime=\"2026-11-30T00:00:00Z\" title=\"2026-11-30 00:00:00 UTC\">3 h ago</time>",
            PageText.When(Now.AddHours(-3), Now));
        var html = Render(Set("due", Severity.Ok), Set("late", Severity.Critical) with { NextExpected = Now.AddHours(-2), Overdue = true });
        Assert.Contains(">due in 4 h</time>", html);
        Assert.Contains(">overdue by 2 h</time>", html);
    }

    [Fact]
    public void The_page_reloads_itself_unless_told_not_to()
    {
        Assert.Contains("<meta http-equiv=\"refresh\" content=\"60\">", Render(Set("a", Severity.Ok)));
        Assert.DoesNotContain("http-equiv=\"refresh\"", StatusPage.Render(Report(Set("a", Severity.Ok)), RunbookBase, 0));
    }

    [Fact]
    public void The_metrics_link_follows_the_telemetry_path()
    {
        Assert.Contains("<a href=\"/metrics\">Metrics</a>", Render(Set("a", Severity.Ok)));
        Assert.Contains("<a href=\"/probe/backups\">Metrics</a>", StatusPage.Render(Report(Set("a", Severity.Ok)),
            RunbookBase, 60, "/probe/backups"));
    }

    [Fact]
    public void An_unreachable_server_comes_first_with_its_runbook_and_binary_logging_off_links_its_own()
    {
        var up = new ServerReport { Name = "replica", Up = true, Version = "10.11.19-MariaDB", Flavor = "mariadb", BinlogEnabled = false };
        var down = new ServerReport { Name = "primary", Up = false, Error = "Unable to connect to any of the specified MySQL hosts." };
        var html = StatusPage.Render(Report(Set("a", Severity.Ok)) with { Servers = [up, down] }, RunbookBase, 60);
        Assert.True(html.IndexOf("id=\"server-primary\"", StringComparison.Ordinal) < html.IndexOf("id=\"server-replica\"",
            StringComparison.Ordinal));
        Assert.Contains("DOWN</span> – Unable to connect to any of the specified MySQL hosts. <a class=\"runbook\" "
            + "href=\"https://wiki.example.com/runbooks.md#mysqlbackupserverunreachable\">", html);
        Assert.Contains("<span class=\"failed\">off</span> <a class=\"runbook\" "
            + "href=\"https://wiki.example.com/runbooks.md#mysqlbackupbinlogdisabled\">", html);
    }

    [Fact]
    public void The_json_status_keeps_reasons_as_plain_strings()
    {
        var json =
            ReportJson.Serialize(Report(Set("a", Severity.Critical, new Reason("overdue: a good backup was due", Runbooks.Overdue))));
        Assert.Contains("\"reasons\": [\n        \"overdue: a good backup was due\"\n      ]", json);
    }
}
