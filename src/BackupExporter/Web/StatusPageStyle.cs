namespace BackupExporter.Web;

/// <summary>
/// The status page's inline style: no external assets and no script, so the page works behind any proxy, on a machine
/// without internet access, and under a strict Content-Security-Policy.
/// </summary>
internal static class StatusPageStyle
{
    /// <summary>
    /// Fixed table layout with wrapping anywhere keeps 50 sets inside 1280 px; below 760 px each row becomes a card
    /// whose cells carry their column name, so a phone never scrolls sideways.
    /// </summary>
    public const string Css = """
        *{box-sizing:border-box}
        body{font:15px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d1d1f;background:#f6f6f6}
        header{padding:.7em 1em;background:#fff;border-bottom:1px solid #ddd}
        h1{font-size:1.05em;margin:0;font-weight:600;color:#555}
        h2{font-size:1.1em;margin:1.2em 0 .4em}
        .summary{font-size:1.4em;font-weight:700;margin:.15em 0}
        .summary.critical{color:#b3261e}.summary.warning{color:#8a5300}.summary.ok{color:#1b6e2a}.summary.unknown{color:#555}
        .meta{color:#555;font-size:.85em}
        nav a{margin-right:1em;display:inline-block;white-space:nowrap}
        main{padding:0 1em 2em}
        table{border-collapse:collapse;width:100%;table-layout:fixed;background:#fff}
        th,td{border-bottom:1px solid #ddd;padding:.4em .5em;text-align:left;vertical-align:top;overflow-wrap:anywhere}
        thead th{background:#ececec;font-size:.85em}
        tr.group th{background:#fff;font-size:.95em;padding-top:.8em}
        tr.critical>td{background:#fdeceb}tr.critical>td:first-child{border-left:6px solid #d32f2f}
        tr.unknown>td{background:#eee}tr.unknown>td:first-child{border-left:6px solid #777}
        tr.warning>td{background:#fff5d6}tr.warning>td:first-child{border-left:6px solid #e0a100}
        tr.ok>td:first-child{border-left:6px solid #43a047}
        .verdict{font-weight:700;font-size:.9em}
        .failed{color:#b3261e;font-weight:700}
        .drill-ok{color:#1b6e2a;font-weight:700}
        .drill{margin-top:.3em;font-size:.9em}
        ul{margin:.2em 0;padding-left:1.1em}
        ul.recovery li{margin:.15em 0}ul.recovery li.server{font-weight:600}ul.recovery li.critical{color:#b3261e}
        a.runbook{font-size:.85em;white-space:nowrap}
        code,.hash{font-family:ui-monospace,monospace;font-size:.85em}
        time{text-decoration:underline dotted #999}
        details summary{cursor:pointer;color:#444;font-size:.9em}
        @media (max-width:760px){
          table,tbody,tr,th,td{display:block;width:auto}
          colgroup,thead{display:none}
          tr{margin:.6em 0;border:1px solid #ccc}
          tr.group{border:0}
          td{border:0;padding:.25em .6em}
          td::before{content:attr(data-label);display:block;font-size:.75em;color:#666;text-transform:uppercase}
        }
        """;
}
