using System.Globalization;
using System.Net;
using System.Text;
using BackupExporter.Configuration;
using BackupExporter.Reporting;

namespace BackupExporter.Web;

/// <summary>The landing page: one readable table of backup sets and their verdicts, with links to the machine views.</summary>
internal static class StatusPage
{
    public static string Render(StatusReport report)
    {
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>BackupExporter</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2em;color:#222}
            table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.35em .6em;text-align:left;vertical-align:top}
            td.long{overflow-wrap:anywhere;min-width:18em}
            th{background:#f3f3f3}.ok{background:#dff5e1}.warning{background:#fff4cc}.critical{background:#fbd9d9}.unknown{background:#e8e8e8}
            code{font-size:.9em}ul{margin:0;padding-left:1.2em}
            </style></head><body>
            <h1>BackupExporter</h1>
            <p><a href="/metrics">Metrics</a> · <a href="/api/v1/status">Status as JSON</a> · <a href="/-/healthy">Health</a> · <a href="/-/ready">Readiness</a></p>
            """);
        html.Append(CultureInfo.InvariantCulture, $"<p>Version {E(report.Version)} · generated {report.GeneratedAt:u} · {(report.Ready ? "ready" : "first inspection round still running")}</p>");
        html.Append("<table><tr><th>Backup set</th><th>Verdict</th><th>Newest artifact</th><th>Checks</th><th>Last good</th><th>Next due</th><th>Artifacts (ok/failed/running)</th><th>Free space</th></tr>");
        foreach (var set in report.Backups)
        {
            var css = set.Severity.ToString().ToLowerInvariant();
            html.Append(CultureInfo.InvariantCulture, $"<tr class=\"{css}\"><td><b>{E(set.Name)}</b><br><code>{E(set.Path)}</code><br>{E(set.Kind)}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"long\"><b>{css.ToUpperInvariant()}</b>{List(set.Reasons)}{FailedList(set.FailedArtifacts)}{Logs(set.Logs)}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{Artifact(set.NewestFinished)}</td><td class=\"long\">{Checks(set.NewestFinished)}</td><td>{Artifact(set.LastSuccess)}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{(set.NextExpected is { } n ? n.ToString("u", CultureInfo.InvariantCulture) : "no schedule")}{(set.Overdue == true ? " <b>(overdue)</b>" : "")}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{(set.Artifacts is { } c ? $"{c.Ok} / {c.Failed} / {c.InProgress}<br>{Bytes(c.RetainedBytes)}" : "")}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{(set.Volume is { } v ? $"{Bytes(v.FreeBytes)} of {Bytes(v.SizeBytes)}" + (v.HeadroomRatio is { } h ? $"<br>{(h >= 1000 ? "over 1,000" : h.ToString("0.#", CultureInfo.InvariantCulture))} more backups fit" : "") : "")}</td></tr>");
        }
        html.Append("</table>");
        if (report.Servers.Count > 0)
        {
            html.Append("<h2>Servers</h2><table><tr><th>Server</th><th>State</th><th>Binary logs</th><th>Blocked threads</th><th>Problems</th></tr>");
            foreach (var s in report.Servers)
            {
                var css = s.Up == true ? "ok" : "critical";
                html.Append(CultureInfo.InvariantCulture, $"<tr class=\"{css}\"><td><b>{E(s.Name)}</b><br>{E(s.Version ?? "")}</td>");
                html.Append(CultureInfo.InvariantCulture, $"<td>{(s.Up == true ? "up" : "DOWN")}{(s.Error is { } err ? " – " + E(err) : "")}</td>");
                html.Append(CultureInfo.InvariantCulture, $"<td>{(s.BinlogEnabled switch { true => $"on, {s.BinlogFiles} files, retention {s.BinlogRetentionSeconds}s", false => "<b>off</b>", _ => "" })}</td>");
                html.Append(CultureInfo.InvariantCulture, $"<td>{(s.BlockedThreads is { } b ? string.Join(", ", b.Where(x => x.Value > 0).Select(x => $"{E(x.Key)}: {x.Value}")) : "")}</td>");
                html.Append(CultureInfo.InvariantCulture, $"<td>{List(s.Problems)}{Logs(s.ErrorLog is { } log ? [log] : [])}</td></tr>");
            }
            html.Append("</table>");
        }
        html.Append("</body></html>");
        return html.ToString();
    }

    private static string Artifact(ArtifactReport? a) =>
        a is null ? "none" : $"{E(a.Name)}<br>{Bytes(a.SizeBytes)}, {a.Modified:u}";

    private static string Checks(ArtifactReport? a) =>
        a is null ? "" : "<ul>" + string.Concat(a.Checks.Select(c =>
            $"<li>{E(c.Key)}: {(c.Value.Ok ? "ok" : "<b>FAILED</b>")}{(c.Value.Detail is { } d ? " – " + E(d) : "")}</li>")) + "</ul>";

    private static string List(IReadOnlyList<string> items) =>
        items.Count == 0 ? "" : "<ul>" + string.Concat(items.Select(i => $"<li>{E(i)}</li>")) + "</ul>";

    private static string FailedList(IReadOnlyList<FailedArtifactReport> failed) =>
        failed.Count == 0 ? "" : "<details><summary>" + failed.Count + " failed artifact" + (failed.Count == 1 ? "" : "s") + "</summary>"
            + List(failed.Select(f => $"{f.Name}: {f.Check} – {f.Detail}").ToList()) + "</details>";

    /// <summary>Each log's newest run and error classes, and the lines no class recognised: what to add a pattern for.</summary>
    private static string Logs(IReadOnlyList<LogReport> logs) =>
        logs.Count == 0 ? "" : "<details><summary>logs</summary>" + List(logs.Select(l =>
            $"{l.Source} {l.Path}: {l.Outcome ?? "no run seen"}"
            + (l.Errors.Count > 0 ? " – " + string.Join(", ", l.Errors.Select(e => $"{e.Key} ×{e.Value}")) : "")
            + (l.Problem is { } p ? " – " + p : "")
            + (l.Unrecognised.Count > 0 ? " – not recognised: " + string.Join(" | ", l.Unrecognised) : "")).ToList()) + "</details>";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Bytes(long bytes) => ByteSizeParser.FormatHuman(bytes);
}
