using BackupExporter.Cli;
using BackupExporter.Reporting;
using BackupExporter.Scheduling;
using BackupExporter.Snapshots;
using BackupExporter.Metrics;

namespace BackupExporter.Web;

/// <summary>The HTTP surface: /metrics, the status page, the JSON status, health, readiness and reload.</summary>
internal static class Endpoints
{
    public static void Map(WebApplication app, SnapshotExposition exposition)
    {
        var store = app.Services.GetRequiredService<SnapshotStore>();
        var clock = app.Services.GetRequiredService<TimeProvider>();

        app.MapGet("/metrics", async context =>
        {
            context.Response.ContentType = Exposition.ContentType;
            await exposition.WriteAsync(context.Response.Body, context.RequestAborted, length => context.Response.ContentLength = length);
        });
        app.MapGet("/", (HttpRequest request) => StatusPageEndpoint.Handle(request, store, clock));
        app.MapGet("/api/v1/status", () => Results.Content(
            ReportJson.Serialize(StatusReporter.Report(store.Current, clock.GetUtcNow(), VersionInfo.Version)), "application/json"));
        app.MapGet("/-/healthy", () => Results.Text("Healthy\n"));
        app.MapGet("/-/ready", () => store.Current.Ready
            ? Results.Text("Ready\n")
            : Results.Text("Not ready: the first inspection round is still running\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapPost("/-/reload", (Reloader reloader) =>
        {
            var errors = reloader.Reload();
            return errors.Count == 0
                ? Results.Text("Reloaded\n")
                : Results.Text("Reload failed, the previous configuration stays in force:\n" + string.Join('\n', errors) + "\n",
                    statusCode: StatusCodes.Status500InternalServerError);
        });
    }
}
