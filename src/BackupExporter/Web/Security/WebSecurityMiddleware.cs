using System.Threading.RateLimiting;

namespace BackupExporter.Web.Security;

/// <summary>
/// In exporter-toolkit's order for every request: the web configuration in force (re-read when changed), the rate
/// limit (429), basic authentication (401 with <c>WWW-Authenticate: Basic</c>), then the configured headers.
/// </summary>
/// <param name="authenticator">made when a request first needs it: making one costs a bcrypt and loads OpenSSL, which a
/// server without <c>basic_auth_users</c> never needs</param>
internal sealed class WebSecurityMiddleware(WebConfigStore store, Lazy<BasicAuthenticator> authenticator, RateLimiter? limiter)
{
    public static RateLimiter? Limiter(RateLimitConfig? config) => config is null ? null
        : new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
    {
        TokenLimit = config.Burst,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = config.Interval,
        QueueLimit = 0,
        AutoReplenishment = true,
    });

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var config = store.Current.Config;
        if (limiter is not null)
        {
            using var lease = limiter.AttemptAcquire();
            if (!lease.IsAcquired)
            {
                await Plain(context, StatusCodes.Status429TooManyRequests, "Too Many Requests\n");
                return;
            }
        }
        foreach (var (name, value) in config.Http.Headers)
            context.Response.Headers[name] = value;
        if (config.RequiresAuthentication && !authenticator.Value.Accepts(config.BasicAuthUsers,
            (string?)context.Request.Headers.Authorization))
        {
            context.Response.Headers.WWWAuthenticate = "Basic";
            await Plain(context, StatusCodes.Status401Unauthorized, "Unauthorized\n");
            return;
        }
        await next(context);
    }

    private static Task Plain(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text);
    }
}
