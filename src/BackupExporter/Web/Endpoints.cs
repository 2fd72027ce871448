using BackupExporter.Cli;
using BackupExporter.Reporting;
using BackupExporter.Scheduling;
using BackupExporter.Snapshots;
using BackupExporter.Metrics;
using BackupExporter.Web.Security;

namespace BackupExporter.Web;

/// <summary>
/// The HTTP surface: the metrics (at <c>--web.telemetry-path</c>), the status page, the JSON status, health,
/// readiness and reload; every GET also answers HEAD. All of it behind the web configuration's authentication.
/// </summary>
internal static class Endpoints
{
    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    public static void Map(WebApplication app, SnapshotExposition exposition, WebOptions options, WebConfigStore webConfig)
    {
        var store = app.Services.GetRequiredService<SnapshotStore>();
        var clock = app.Services.GetRequiredService<TimeProvider>();
        var security = new WebSecurityMiddleware(webConfig, new BasicAuthenticator(), WebSecurityMiddleware.Limiter(webConfig.Initial.Config.RateLimit));
        app.Use(security.InvokeAsync);
        app.UseResponseCompression();

        app.MapMethods(options.TelemetryPath, GetAndHead, async context =>
        {
            context.Response.ContentType = Exposition.ContentType;
            await exposition.WriteAsync(context.Response.Body, context.RequestAborted, length => context.Response.ContentLength = length);
        });
        app.MapMethods("/", GetAndHead, () => Results.Content(
            StatusPage.Render(StatusReporter.Report(store.Current, clock.GetUtcNow(), VersionInfo.Version)), "text/html; charset=utf-8"));
        app.MapMethods("/api/v1/status", GetAndHead, () => Results.Content(
            ReportJson.Serialize(StatusReporter.Report(store.Current, clock.GetUtcNow(), VersionInfo.Version)), "application/json"));
        app.MapMethods("/-/healthy", GetAndHead, () => Results.Text("Healthy\n"));
        app.MapMethods("/-/ready", GetAndHead, () => store.Current.Ready
            ? Results.Text("Ready\n")
            : Results.Text("Not ready: the first inspection round is still running\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapMethods("/-/reload", [HttpMethods.Post, HttpMethods.Put], (Reloader reloader) =>
        {
            if (!options.EnableLifecycle)
                return Results.Text("Lifecycle API is not enabled: start the exporter with --web.enable-lifecycle to reload by POST /-/reload, or send it SIGHUP.\n",
                    statusCode: StatusCodes.Status403Forbidden);
            var errors = reloader.Reload().Select(e => e.ToString()).Concat(webConfig.Reload()).ToList();
            return errors.Count == 0
                ? Results.Text("Reloaded\n")
                : Results.Text("Reload failed, the previous configuration stays in force:\n" + string.Join('\n', errors) + "\n",
                    statusCode: StatusCodes.Status500InternalServerError);
        });
    }
}
