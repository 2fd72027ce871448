using System.Globalization;
using System.Text;
using BackupExporter.Configuration;
using BackupExporter.Inspection.Artifacts;
using BackupExporter.Reporting;
using static BackupExporter.Web.PageText;

namespace BackupExporter.Web;

/// <summary>
/// The landing page, for a person woken at night: a one-line summary, then the backup sets worst first (critical,
/// unknown, warning, healthy), each reason linked to its runbook section, times relative to now.
/// </summary>
internal static class StatusPage
{
    /// <summary>The order of the groups: what needs a person first.</summary>
    private static readonly Severity[] Order = [Severity.Critical, Severity.Unknown, Severity.Warning, Severity.Ok];

    /// <param name="runbookBaseUrl">docs/runbooks.md as the reader can open it; each reason links to a section of it</param>
    /// <param name="refreshSeconds">
    /// how often the browser reloads the page (0: never); a meta refresh is a reload, and browsers keep the reader's
    /// scroll position across a reload of the same address
    /// </param>
    public static string Render(StatusReport report, string runbookBaseUrl, int refreshSeconds, string telemetryPath = "/metrics")
    {
        var now = report.GeneratedAt;
        var summary = Summary(report);
        var starting = report.Ready ? "" : "The first inspection round is still running. ";
        var generated = Time(now, now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC");
        var refreshed = refreshSeconds > 0 ? $", refreshed every {Duration(TimeSpan.FromSeconds(refreshSeconds))}" : "";
        var links = $"<a href=\"{Escape(telemetryPath)}\">Metrics</a><a href=\"/api/v1/status\">Status as JSON</a>"
            + $"<a href=\"{Escape(runbookBaseUrl)}\">Runbooks</a><a href=\"/-/healthy\">Health</a><a href=\"/-/ready\">Readiness</a>";
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width,initial-scale=1">
            {(refreshSeconds > 0 ? $"<meta http-equiv=\"refresh\" content=\"{refreshSeconds}\">" : "")}
            <title>{Escape(summary.Text)} · BackupExporter</title>
            <style>{StatusPageStyle.Css}</style></head><body>
            <header><h1>BackupExporter</h1>
            <p class="summary {summary.Css}" id="summary">{Escape(summary.Text)}</p>
            <p class="meta">{starting}Generated {generated}{refreshed} · version {Escape(report.Version)}</p>
            <nav>{links}</nav>
            </header><main>
            """);
        Answers(html, report);
        Sets(html, report, now, runbookBaseUrl);
        OffsiteTable.Render(html, report.Backups, runbookBaseUrl, now);
        ServerTable.Render(html, report.Servers, runbookBaseUrl, now);
        html.Append("</main></body></html>");
        return html.ToString();
    }

    /// <summary>"2 of 40 sets critical, 1 warning": what a person needs to know before reading any further.</summary>
    public static (string Text, string Css) Summary(StatusReport report)
    {
        var total = report.Backups.Count;
        if (total == 0)
            return ("No backup sets configured", "unknown");
        var counts = Order.ToDictionary(s => s, s => report.Backups.Count(b => b.Severity == s));
        if (counts[Severity.Ok] == total)
            return (total == 1 ? "The backup set is OK" : $"All {total} backup sets OK", "ok");
        var failing = Order.Where(s => s != Severity.Ok && counts[s] > 0).ToList();
        var first = failing[0];
        var firstWords = first == Severity.Warning ? "with warnings" : first.ToString().ToLowerInvariant();
        var others = failing.Skip(1).Select(s => s == Severity.Warning
            ? $"{counts[s]} warning{(counts[s] == 1 ? "" : "s")}"
            : $"{counts[s]} {s.ToString().ToLowerInvariant()}");
        return (string.Join(", ", [$"{counts[first]} of {total} set{(total == 1 ? "" : "s")} {firstWords}", .. others]),
            first.ToString().ToLowerInvariant());
    }

    /// <summary>The answer first: one line per server and per set, to what point, how fast, against which objective.</summary>
    private static void Answers(StringBuilder html, StatusReport report)
    {
        var servers = report.Servers.Where(s => s.Recovery is not null).ToList();
        var sets = report.Backups.Where(b => b.Recovery is not null).ToList();
        if (servers.Count + sets.Count == 0)
            return;
        html.Append("<section id=\"recovery\"><h2>Restorable now</h2><ul class=\"recovery\">");
        foreach (var server in servers)
            html.Append(CultureInfo.InvariantCulture, $"<li class=\"server\" data-server=\"{Escape(server.Name)}\">"
                + $"{Escape(server.Recovery!.Summary)}</li>");
        foreach (var set in sets)
            html.Append(CultureInfo.InvariantCulture, $"<li class=\"{Css(set)}\" data-backup=\"{Escape(set.Name)}\">"
                + $"{Escape(set.Recovery!.Summary)}</li>");
        html.Append("</ul></section>");
    }

    private static string Css(BackupSetReport set) => set.Recovery is { RpoMet: false } or { RtoMet: false } ? "critical" : "";

    private static void Sets(StringBuilder html, StatusReport report, DateTimeOffset now, string runbooks)
    {
        html.Append($"""
            <h2>Backup sets</h2>
            <table id="sets">{Columns(14, 31, 20, 9, 9, 8, 9)}
            {Headings("Backup set", "Verdict and reasons", "Newest artifact", "Last good", "Next due", "Artifacts", "Free space")}
            """);
        foreach (var severity in Order)
        {
            var group = report.Backups.Where(b => b.Severity == severity).ToList();
            if (group.Count == 0)
                continue;
            var css = severity.ToString().ToLowerInvariant();
            html.Append(CultureInfo.InvariantCulture,
                $"<tbody class=\"{css}\"><tr class=\"group\"><th colspan=\"7\">{GroupTitle(severity)} ({group.Count})</th></tr>");
            foreach (var set in group)
                Row(html, set, css, now, runbooks);
            html.Append("</tbody>");
        }
        html.Append("</table>");
    }

    private static string GroupTitle(Severity severity) => severity switch
    {
        Severity.Critical => "Critical: not restorable as expected",
        Severity.Unknown => "Unknown: no inspection result yet",
        Severity.Warning => "Warnings",
        _ => "Healthy",
    };

    private static void Row(StringBuilder html, BackupSetReport set, string css, DateTimeOffset now, string runbooks)
    {
        html.Append(CultureInfo.InvariantCulture, $"<tr class=\"{css}\" id=\"set-{Escape(set.Name)}\" data-backup=\"{Escape(set.Name)}\">");
        html.Append(CultureInfo.InvariantCulture,
            $"<td data-label=\"Backup set\"><b>{Escape(set.Name)}</b><div class=\"meta\">{Escape(set.Kind)}"
                + $"{(set.Server is { } s ? " · server " + Escape(s) : "")}</div><code>{Escape(set.Path)}</code></td>");
        html.Append(CultureInfo.InvariantCulture, $"<td data-label=\"Verdict\"><span class=\"verdict\">{css.ToUpperInvariant()}</span>");
        if (set.Reasons.Count > 0)
            html.Append("<ul class=\"reasons\">").AppendJoin("", set.Reasons.Select(r =>
                $"<li>{Shorten(r.Text)} {RunbookLink(runbooks, r.Runbook)}</li>")).Append("</ul>");
        html.Append(FailedList(set.FailedArtifacts, now)).Append(Logs(set.Logs, now)).Append(DrillSection.Render(set.Name, set.Drill, now))
            .Append(RetentionLine(set))
            .Append(set.Reverify is { } reverify ? $"<div class=\"meta\">re-verification: {Escape(reverify.Text)}</div>" : "")
            .Append("</td>");
        html.Append(CultureInfo.InvariantCulture, $"<td data-label=\"Newest artifact\">{Artifact(set.NewestFinished, now)}"
            + $"{Checks(set.NewestFinished)}</td>");
        html.Append(CultureInfo.InvariantCulture,
            $"<td data-label=\"Last good\">{LastGood(set, now)}</td>");
        html.Append(CultureInfo.InvariantCulture, $"<td data-label=\"Next due\">{NextDue(set, now)}</td>");
        html.Append(CultureInfo.InvariantCulture, $"<td data-label=\"Artifacts\">{Counts(set.Artifacts)}</td>");
        html.Append(CultureInfo.InvariantCulture, $"<td data-label=\"Free space\">{Volume(set.Volume)}</td></tr>");
    }

    /// <summary>The retention promise in one line, "7 of 7 days restorable"; a later clause may follow the days.</summary>
    private static string RetentionLine(BackupSetReport set) => set.Retention is { } retention
        ? $"<div class=\"meta retention\">retention: {Escape(retention.Summary())}</div>"
        : "";

    /// <summary>When the newest good backup was made; its name only when it is not the newest artifact shown beside it.</summary>
    /// <summary>
    /// Its time is its tool's record; where the tool recorded none, the file time, and the cell says so (a copy or a
    /// <c>touch</c> changes it).
    /// </summary>
    private static string LastGood(BackupSetReport set, DateTimeOffset now) => set.LastSuccess switch
    {
        null => "<span class=\"failed\">none</span>",
        { } good when good.Path == set.NewestFinished?.Path => When(good.Time, now) + FileTimeNote(good),
        { } good => When(good.Time, now) + FileTimeNote(good) + $"<div class=\"meta\">{Shorten(good.Name)}</div>",
    };

    private static string FileTimeNote(ArtifactReport a) =>
        a.TimeSource == TimeSources.File ? "<div class=\"meta time-source\">by its file time: no date recorded by the tool</div>" : "";

    public static string RunbookLink(string baseUrl, string anchor) =>
        $"<a class=\"runbook\" href=\"{Escape(baseUrl)}#{Escape(anchor)}\">runbook</a>";

    private static string NextDue(BackupSetReport set, DateTimeOffset now) => set.NextExpected switch
    {
        null => "no schedule",
        { } due when set.Overdue == true => $"<span class=\"failed\">{When(due, now, past: "overdue by {0}")}</span>",
        { } due => When(due, now, future: "due in {0}"),
    };

    private static string Artifact(ArtifactReport? a, DateTimeOffset now) =>
        a is null ? "none" : $"{Shorten(a.Name)}<div class=\"meta\">{Bytes(a.SizeBytes)} · {When(a.Time, now)}</div>";

    /// <summary>
    /// Failed checks as a list, the passed ones on one short line so that healthy rows stay small. The first failure's
    /// detail is already the set's reason: it is shown on hover only, the details of the others below their names.
    /// </summary>
    private static string Checks(ArtifactReport? a)
    {
        if (a is null || a.Checks.Count == 0)
            return "";
        var failed = a.Checks.Where(c => !c.Value.Ok).ToList();
        var passed = a.Checks.Where(c => c.Value.Ok).Select(c => $"{Escape(c.Key)}: ok").ToList();
        return (failed.Count == 0 ? "" : "<ul class=\"checks\">" + string.Concat(failed.Select((c, i) =>
                $"<li><span class=\"failed\" title=\"{Escape(c.Value.Detail ?? "")}\">{Escape(c.Key)}: FAILED</span>"
                + (i > 0 && c.Value.Detail is { } d ? $"<div class=\"meta\">{Shorten(d)}</div>" : "") + "</li>")) + "</ul>")
            + (passed.Count == 0 ? "" : $"<div class=\"meta passed\">{string.Join(", ", passed)}</div>");
    }

    private static string Counts(ArtifactCounts? c) => c is null ? "" : string.Create(CultureInfo.InvariantCulture,
        $"{c.Ok} ok{(c.Failed > 0 ? $", <span class=\"failed\">{c.Failed} failed</span>" : "")}"
            + $"{(c.InProgress > 0 ? $", {c.InProgress} being written" : "")}<div class=\"meta\">{Bytes(c.RetainedBytes)}</div>");

    private static string Volume(VolumeReport? v) => v is null ? "" : $"{Bytes(v.FreeBytes)} of {Bytes(v.SizeBytes)}"
        + (v.HeadroomRatio is { } h ? $"<div class=\"meta\">{(h >= 1000 ? "over 1,000" : h.ToString("0.#", CultureInfo.InvariantCulture))} "
            + $"more backups fit</div>" : "");

    private static string FailedList(IReadOnlyList<FailedArtifactReport> failed, DateTimeOffset now) =>
        failed.Count == 0 ? "" : $"<details><summary>{failed.Count} failed artifact{(failed.Count == 1 ? "" : "s")}</summary><ul>"
            + string.Concat(failed.Select(f => $"<li>{Shorten(f.Name)} ({When(f.Time, now)}): {Escape(f.Check)}"
                + $"{(f.Detail is { } d ? " – " + Shorten(d) : "")}</li>")) + "</ul></details>";

    /// <summary>Each log's newest run and error classes, and the lines no class recognised: what to add a pattern for.</summary>
    public static string Logs(IReadOnlyList<LogReport> logs, DateTimeOffset now) =>
        logs.Count == 0 ? "" : "<details><summary>logs</summary><ul>" + string.Concat(logs.Select(l =>
            $"<li>{Escape(l.Source)} <code>{Escape(l.Path)}</code>: {Escape(l.Outcome ?? "no run seen")}"
            + ((l.Ended ?? l.Started) is { } t ? " " + When(t, now) : "")
            + (l.Errors.Count > 0 ? " – " + Escape(string.Join(", ", l.Errors.Select(e => $"{e.Key} ×{e.Value}"))) : "")
            + (l.Problem is { } p ? " – " + Shorten(p) : "")
            + (l.Unrecognised.Count > 0 ? " – not recognised: " + Shorten(string.Join(" | ", l.Unrecognised)) : "") + "</li>"))
                + "</ul></details>";

    private static string Bytes(long bytes) => ByteSizeParser.FormatHuman(bytes);
}
