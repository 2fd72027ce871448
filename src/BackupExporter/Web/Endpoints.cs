using BackupExporter.Metrics;
using BackupExporter.Platform;
using BackupExporter.Reporting;
using BackupExporter.Scheduling;
using BackupExporter.Snapshots;
using BackupExporter.Web.Security;

namespace BackupExporter.Web;

/// <summary>
/// The HTTP surface: the metrics (at <c>--web.telemetry-path</c>), the status page, the JSON status, health,
/// readiness and reload; every GET also answers HEAD. All of it behind the web configuration's authentication.
/// </summary>
internal static class Endpoints
{
    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    /// <param name="inspectionsStarted">false while the listeners are bound but the inspections not yet registered:
    /// an empty snapshot would otherwise look ready</param>
    public static void Map(WebApplication app, SnapshotExposition exposition, WebOptions options, WebConfigStore webConfig,
        Func<bool> inspectionsStarted)
    {
        var store = app.Services.GetRequiredService<SnapshotStore>();
        var clock = app.Services.GetRequiredService<TimeProvider>();
        var security = new WebSecurityMiddleware(webConfig, new Lazy<BasicAuthenticator>(() => new BasicAuthenticator()),
            WebSecurityMiddleware.Limiter(webConfig.Initial.Config.RateLimit));
        app.Use(security.InvokeAsync);
        app.UseResponseCompression();

        app.MapMethods(options.TelemetryPath, GetAndHead, async context =>
        {
            context.Response.ContentType = Exposition.ContentType;
            if (HttpMethods.IsHead(context.Request.Method))
            {
                // The length a GET would send, which goes chunked: the exposition is written, counted and dropped.
                var counted = new CountingStream();
                await exposition.WriteAsync(counted, context.RequestAborted);
                context.Response.ContentLength = counted.Length;
                return;
            }
            await exposition.WriteAsync(context.Response.Body, context.RequestAborted);
        });
        // RequestDelegate handlers rather than minimal-API delegates: nothing to bind, and no reflection for Native AOT.
        app.MapMethods("/", GetAndHead, context => StatusPageEndpoint.Handle(context.Request, store, clock, options.TelemetryPath)
            .ExecuteAsync(context));
        app.MapMethods("/api/v1/status", GetAndHead, context => Text(context, StatusCodes.Status200OK, "application/json",
            ReportJson.Serialize(StatusReporter.Report(store.Current, clock.GetUtcNow(), VersionInfo.Version))));
        app.MapMethods("/-/healthy", GetAndHead, context => Plain(context, StatusCodes.Status200OK, "Healthy\n"));
        app.MapMethods("/-/ready", GetAndHead, context => inspectionsStarted() && store.Current.Ready
            ? Plain(context, StatusCodes.Status200OK, "Ready\n")
            : Plain(context, StatusCodes.Status503ServiceUnavailable, "Not ready: the first inspection round is still running\n"));
        var reloader = app.Services.GetRequiredService<Reloader>();
        app.MapMethods("/-/reload", [HttpMethods.Post, HttpMethods.Put], context =>
        {
            if (!options.EnableLifecycle)
                return Plain(context, StatusCodes.Status403Forbidden,
                    "Lifecycle API is not enabled: start the exporter with --web.enable-lifecycle to reload by POST "
                        + "/-/reload, or send it SIGHUP.\n");
            var errors = reloader.Reload().Select(e => e.ToString()).Concat(webConfig.Reload()).ToList();
            return errors.Count == 0
                ? Plain(context, StatusCodes.Status200OK, "Reloaded\n")
                : Plain(context, StatusCodes.Status500InternalServerError,
                    "Reload failed, the previous configuration stays in force:\n" + string.Join('\n', errors) + "\n");
        });
    }

    private static Task Plain(HttpContext context, int status, string text) => Text(context, status, "text/plain; charset=utf-8", text);

    private static Task Text(HttpContext context, int status, string contentType, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        context.Response.ContentLength = bytes.Length;
        return context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    /// <summary>A stream that keeps only how many bytes were written to it.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
