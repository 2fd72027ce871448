using System.Globalization;
using System.Text;
using BackupExporter.Reporting;
using static BackupExporter.Web.PageText;

namespace BackupExporter.Web;

/// <summary>The servers of the status page, unreachable ones first, each problem linked to its runbook section.</summary>
internal static class ServerTable
{
    public static void Render(StringBuilder html, IReadOnlyList<ServerReport> servers, string runbooks, DateTimeOffset now)
    {
        if (servers.Count == 0)
            return;
        html.Append($"""
            <h2>Servers</h2>
            <table id="servers">{Columns(18, 22, 22, 14, 24)}
            {Headings("Server", "State", "Binary logs", "Blocked threads", "Problems")}<tbody>
            """);
        foreach (var s in servers.OrderBy(s => s.Up == true))
        {
            var css = s.Up == true ? "ok" : "critical";
            html.Append(CultureInfo.InvariantCulture, $"<tr class=\"{css}\" id=\"server-{Escape(s.Name)}\"><td data-label=\"Server\">"
                + $"<b>{Escape(s.Name)}</b><div class=\"meta\">{Escape(s.Version ?? "")}</div></td>");
            var state = s.Up == true ? "up"
                : $"<span class=\"failed\">DOWN</span>{(s.Error is { } err ? " – " + Shorten(err) : "")} "
                    + StatusPage.RunbookLink(runbooks, Runbooks.ServerUnreachable);
            html.Append(CultureInfo.InvariantCulture, $"<td data-label=\"State\">{state}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td data-label=\"Binary logs\">{Binlogs(s, runbooks)}"
                + $"{(s.BinlogArchive is { } archive ? Archive(archive, runbooks, now) : "")}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td data-label=\"Blocked threads\">{Blocked(s, runbooks)}</td>");
            var problems = s.Problems.Count == 0 ? "" : "<ul>" + string.Concat(s.Problems.Select(p => $"<li>{Shorten(p)}</li>")) + "</ul>";
            var errors = s.ErrorLog is { Errors.Count: > 0 } ? " " + StatusPage.RunbookLink(runbooks, Runbooks.ServerErrorLogSevere) : "";
            html.Append(CultureInfo.InvariantCulture, $"<td data-label=\"Problems\">{problems}"
                + $"{StatusPage.Logs(s.ErrorLog is { } log ? [log] : [], now)}{errors}</td></tr>");
        }
        html.Append("</tbody></table>");
    }

    private static string Binlogs(ServerReport s, string runbooks) => s.BinlogEnabled switch
    {
        true => string.Create(CultureInfo.InvariantCulture,
            $"on, {s.BinlogFiles} files, "
                + $"{(s.BinlogRetentionSeconds is > 0.0 and var r ? "kept " + Duration(TimeSpan.FromSeconds(r)) : "never purged")}"),
        false => $"<span class=\"failed\">off</span> {StatusPage.RunbookLink(runbooks, Runbooks.BinlogDisabled)}",
        _ => "",
    };

    /// <summary>One line under the binary logs: how far the archive reaches, and what is wrong with it.</summary>
    private static string Archive(BinlogArchiveReport a, string runbooks, DateTimeOffset now)
    {
        var reach = a.ReachesTo is { } to ? "archive reaches " + When(to, now) + (a.From is { } from ? $" (from {Escape(from)})" : "")
            : "<span class=\"failed\">archive: nothing usable</span>";
        var offsite = a.Remote is null ? ""
            : a.OffsiteError is { } error ? $", off-site <span class=\"failed\">unreachable</span> – {Shorten(error)}"
            : a.OffsiteReachesTo is { } off ? ", off-site " + When(off, now)
            : ", <span class=\"failed\">nothing off-site</span>";
        var stalled = a.Stall is { } stall
            ? $"<div class=\"failed\">STALLED – {Shorten(stall)} {StatusPage.RunbookLink(runbooks, Runbooks.BinlogArchiveStalled)}</div>"
            : "";
        var problem = a.Problem is { } p
            ? $"<div>{(a.Gap ? "<span class=\"failed\">GAP</span> – " : "")}{Shorten(p)}"
                + $"{(a.Gap ? " " + StatusPage.RunbookLink(runbooks, Runbooks.BinlogArchiveGap) : "")}</div>"
            : "";
        return $"<div class=\"meta\" id=\"archive-{Escape(a.Path)}\">{reach}{offsite}</div>{stalled}{problem}";
    }

    private static string Blocked(ServerReport s, string runbooks)
    {
        var waiting = s.BlockedThreads?.Where(x => x.Value > 0).ToList() ?? [];
        return waiting.Count == 0 ? "none" : Escape(string.Join(", ", waiting.Select(x => $"{x.Key}: {x.Value}")))
            + " " + StatusPage.RunbookLink(runbooks, Runbooks.LockContention);
    }
}
