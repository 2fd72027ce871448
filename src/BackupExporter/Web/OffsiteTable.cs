using System.Globalization;
using System.Text;
using BackupExporter.Configuration;
using BackupExporter.Reporting;
using static BackupExporter.Web.PageText;

namespace BackupExporter.Web;

/// <summary>
/// The off-site copies of the status page: one row per remote of a set, the troubled ones first, with the newest copy,
/// the lag against max_lag, what is missing or differs, and how the copies were verified (size only is said).
/// </summary>
internal static class OffsiteTable
{
    public static void Render(StringBuilder html, IReadOnlyList<BackupSetReport> sets, string runbooks, DateTimeOffset now)
    {
        var rows = sets.SelectMany(s => s.Offsite.Select(o => (Set: s.Name, Remote: o))).OrderBy(r => Rank(r.Remote)).ToList();
        if (rows.Count == 0)
            return;
        html.Append($"""
            <h2>Off-site copies</h2>
            <table id="offsite">{Columns(16, 24, 14, 14, 20, 12)}
            {Headings("Set and remote", "State", "Newest copy", "Lag", "Verified by", "On the remote")}<tbody>
            """);
        foreach (var (set, o) in rows)
        {
            var (css, state) = State(o, runbooks);
            html.Append(CultureInfo.InvariantCulture,
                $"<tr class=\"{css}\" id=\"offsite-{Escape(set)}-{Escape(o.Name)}\" data-backup=\"{Escape(set)}\" data-remote=\""
                    + $"{Escape(o.Name)}\">");
            html.Append(CultureInfo.InvariantCulture, $"<td data-label=\"Set and remote\"><b>{Escape(set)}</b> → <b>{Escape(o.Name)}</b>"
                + $"<div class=\"meta\"><code>{Escape(o.Remote)}</code></div></td>");
            html.Append(CultureInfo.InvariantCulture, $"<td data-label=\"State\">{state}{List("missing", o.Missing, now)}"
                + $"{List("differs", o.Mismatched, now)}{Warnings(o)}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td data-label=\"Newest copy\">"
                + $"{(o.LastCopy is { } copy ? When(copy, now) : "<span class=\"failed\">none</span>")}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td data-label=\"Lag\">{Lag(o)}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td data-label=\"Verified by\">{Verified(o)}</td>");
            var files = o.Objects is { } objects
                ? string.Create(CultureInfo.InvariantCulture,
                    $"{objects:N0} files<div class=\"meta\">{ByteSizeParser.FormatHuman(o.Bytes ?? 0)}</div>")
                : "";
            var listing = o.LastListed is { } listed ? $"<div class=\"meta\">listed {When(listed, now)}</div>" : "";
            html.Append(CultureInfo.InvariantCulture, $"<td data-label=\"On the remote\">{files}{listing}</td></tr>");
        }
        html.Append("</tbody></table>");
    }

    private static int Rank(OffsiteReport o) => o switch
    {
        { Up: false } => 0,
        { Mismatched.Count: > 0 } => 1,
        _ when Behind(o) => 2,
        { Up: null } => 3,
        _ => 4,
    };

    private static bool Behind(OffsiteReport o) => o.LagSeconds > o.MaxLagSeconds;

    private static (string Css, string Html) State(OffsiteReport o, string runbooks) => o switch
    {
        { Up: null } => ("unknown", "not listed yet"),
        { Up: false } => ("critical", $"<span class=\"failed\">UNREACHABLE</span> – {Shorten(o.Error ?? "")} "
            + $"{StatusPage.RunbookLink(runbooks, Runbooks.OffsiteUnreachable)}"),
        { Mismatched.Count: > 0 } => ("critical", $"<span class=\"failed\">{o.Mismatched.Count} copies differ</span> "
            + $"{StatusPage.RunbookLink(runbooks, Runbooks.OffsiteMismatched)}"),
        _ when Behind(o) => ("critical", $"<span class=\"failed\">BEHIND</span> {StatusPage.RunbookLink(runbooks, Runbooks.OffsiteStale)}"),
        { Missing.Count: > 0 } => ("ok", "in sync up to max_lag"),
        _ => ("ok", "in sync"),
    };

    private static string Lag(OffsiteReport o)
    {
        var max = Duration(TimeSpan.FromSeconds(o.MaxLagSeconds));
        return o.LagSeconds switch
        {
            null => $"<div class=\"meta\">max {max}</div>",
            0 => $"none<div class=\"meta\">max {max}</div>",
            var lag => $"{(Behind(o) ? "<span class=\"failed\">" : "<span>")}{Duration(TimeSpan.FromSeconds(Math.Round(lag.Value)))}</span>"
                + $"<div class=\"meta\">max {max}</div>",
        };
    }

    private static string Verified(OffsiteReport o) =>
        Escape(o.VerifiedBy ?? o.Verify) + (o.VerifyNote is { } note ? $"<div class=\"meta\">{Shorten(note)}</div>" : "");

    private static string List(string what, IReadOnlyList<OffsiteArtifactReport> artifacts, DateTimeOffset now) =>
        artifacts.Count == 0 ? "" : $"<details><summary>{artifacts.Count} {what}</summary><ul>"
            + string.Concat(artifacts.Select(a => $"<li>{Shorten(a.Name)} ({When(a.End, now)})"
                + $"{(a.Detail is { } d ? " – " + Shorten(d) : "")}</li>")) + "</ul></details>";

    private static string Warnings(OffsiteReport o) =>
        o.Warnings.Count == 0 ? "" : "<ul class=\"reasons\">" + string.Concat(o.Warnings.Select(w => $"<li>{Shorten(w)}</li>")) + "</ul>";
}
