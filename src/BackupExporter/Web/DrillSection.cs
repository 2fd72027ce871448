using System.Globalization;
using System.Text;
using BackupExporter.Reporting;
using static BackupExporter.Web.PageText;

namespace BackupExporter.Web;

/// <summary>
/// A set's restore drills on the status page: one line for the newest drill (verdict, when, restore time against
/// the rto, what it counted), and below it, folded, the phases, the artifact restored, the checks and the last outcomes.
/// </summary>
internal static class DrillSection
{
    public static string Render(string backup, DrillReport? drill, DateTimeOffset now)
    {
        if (drill is null)
            return "";
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"drill\" id=\"drill-{Escape(backup)}\" data-verdict=\""
            + $"{Escape(drill.Newest?.Verdict ?? "none")}\">restore drill: ");
        if (drill.Newest is not { } newest)
        {
            html.Append("<span class=\"meta\">none yet</span></div>");
            return html.ToString();
        }
        var css = newest.Verdict == DrillVerdicts.Ok ? "drill-ok" : newest.Verdict == DrillVerdicts.Failed ? "failed" : "meta";
        html.Append(CultureInfo.InvariantCulture,
            $"<span class=\"{css}\">{Escape(newest.Verdict.ToUpperInvariant())}</span> {When(newest.Ended, now)}");
        if (newest.TotalSeconds is { } total)
            html.Append(CultureInfo.InvariantCulture, $" · took <span class=\"{(drill.SlowerThanRto ? "failed" : "")}\">"
                + $"{Escape(DrillText.Format(total))}</span>")
                .Append(drill.RtoSeconds is { } rto ? $" of rto {Escape(DrillText.Format(rto))}" : "");
        if (newest.Tables is { } tables)
            html.Append(CultureInfo.InvariantCulture, $" · {tables} tables, {newest.Rows:N0} rows");
        if (newest.Verdict != DrillVerdicts.Ok && drill.LastSuccess is { } success)
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"meta\">last successful drill {When(success, now)}</div>");
        // Shown, not folded: the drill proved an older backup than the newest one.
        foreach (var skipped in newest.Skipped)
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"meta skipped\">skipped the newer "
                + $"{Shorten(Path.GetFileName(skipped.Artifact))}: {Shorten(skipped.Reason)}</div>");
        html.Append("</div>");
        html.Append("<details class=\"drill-details\"><summary>drill phases and history</summary><ul>");
        foreach (var (phase, seconds) in newest.PhaseSeconds)
            html.Append(CultureInfo.InvariantCulture, $"<li class=\"phase\" data-phase=\"{Escape(phase)}\">{Escape(phase)}: "
                + $"{Escape(DrillText.Format(seconds))}"
                + $"{(newest.FailedPhase == phase ? " <span class=\"failed\">failed here</span>" : "")}</li>");
        if (newest.Artifact is { } artifact)
            html.Append(CultureInfo.InvariantCulture, $"<li>restored {Shorten(Path.GetFileName(artifact))}"
                + $"{(newest.ArtifactTime is { } made ? $", made {When(made, now)}" : "")}</li>");
        foreach (var note in newest.Notes)
            html.Append(CultureInfo.InvariantCulture, $"<li class=\"note\">{Shorten(note)}</li>");
        if (newest.RestoredBytes > 0)
            html.Append(CultureInfo.InvariantCulture,
                $"<li>{Escape(Configuration.ByteSizeParser.FormatHuman(newest.RestoredBytes))} restored</li>");
        foreach (var check in newest.Checks)
            html.Append(CultureInfo.InvariantCulture, $"<li>check <code>{Shorten(check.Sql)}</code>: "
                + $"{(check.Ok ? "ok" : "<span class=\"failed\">FAILED</span>")}{(check.Value is { } v ? $" ({Shorten(v)})" : "")}"
                + $"{(check.Error is { } e ? " – " + Shorten(e) : "")}</li>");
        // The newest error is the set's reason already, and the first line of the history below.
        html.Append("</ul><ol class=\"drill-history\">");
        foreach (var outcome in drill.Recent)
            html.Append(CultureInfo.InvariantCulture, $"<li data-verdict=\"{Escape(outcome.Verdict)}\">{Escape(outcome.Verdict)} "
                + $"{When(outcome.Ended, now)}{(outcome.TotalSeconds is { } t ? ", " + Escape(DrillText.Format(t)) : "")}"
                + $"{(outcome.Error is { } e ? " – " + Shorten(e) : "")}</li>");
        html.Append("</ol></details>");
        return html.ToString();
    }
}
