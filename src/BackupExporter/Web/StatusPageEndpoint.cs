using System.Globalization;
using BackupExporter.Platform;
using BackupExporter.Reporting;
using BackupExporter.Snapshots;

namespace BackupExporter.Web;

/// <summary>
/// Serves the status page at <c>/</c>. <c>?refresh=N</c> sets the reload period in seconds (0: never), for a wall
/// display or a closer watch during an incident.
/// </summary>
internal static class StatusPageEndpoint
{
    public const int DefaultRefreshSeconds = 60;
    private const int MaxRefreshSeconds = 86_400;

    public static IResult Handle(HttpRequest request, SnapshotStore store, TimeProvider clock, string telemetryPath)
    {
        var refresh = DefaultRefreshSeconds;
        if (request.Query.TryGetValue("refresh", out var value))
        {
            if (!int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out refresh)
                || refresh > MaxRefreshSeconds)
                return Results.Text($"refresh: expected whole seconds from 0 (never) to {MaxRefreshSeconds}\n",
                    statusCode: StatusCodes.Status400BadRequest);
        }
        var snapshot = store.Current;
        var runbooks = snapshot.Config.Global.RunbookUrl ?? Runbooks.DefaultBaseUrl(VersionInfo.Version);
        return Results.Content(StatusPage.Render(StatusReporter.Report(snapshot, clock.GetUtcNow(), VersionInfo.Version), runbooks,
            refresh, telemetryPath),
            "text/html; charset=utf-8");
    }
}
