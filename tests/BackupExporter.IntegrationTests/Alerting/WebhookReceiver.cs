using System.Net;
using System.Text.Json;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Alerting;

/// <summary>One alert of an Alertmanager webhook notification.</summary>
public sealed record NotifiedAlert(string Status, IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations);

/// <summary>One webhook notification: the receiver it was sent for, its group's labels, its alerts, when it came.</summary>
public sealed record Notification(string Receiver, IReadOnlyDictionary<string, string> GroupLabels,
    IReadOnlyList<NotifiedAlert> Alerts, DateTime Received);

/// <summary>An HTTP listener on 127.0.0.1 that takes Alertmanager's webhook notifications and keeps their alerts.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<NotifiedAlert> _alerts = [];
    private readonly List<Notification> _notifications = [];
    private readonly Task _loop;

    public WebhookReceiver()
    {
        Port = ServiceProcess.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/alerts";

    public IReadOnlyList<NotifiedAlert> Alerts
    {
        get
        {
            lock (_alerts)
                return [.. _alerts];
        }
    }

    public IReadOnlyList<Notification> Notifications
    {
        get
        {
            lock (_alerts)
                return [.. _notifications];
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using (var json = await JsonDocument.ParseAsync(context.Request.InputStream))
            {
                var alerts = json.RootElement.GetProperty("alerts").EnumerateArray().Select(a => new NotifiedAlert(
                    a.GetProperty("status").GetString()!, Strings(a.GetProperty("labels")), Strings(a.GetProperty("annotations"))))
                        .ToList();
                var notification = new Notification(json.RootElement.GetProperty("receiver").GetString() ?? "",
                    Strings(json.RootElement.GetProperty("groupLabels")), alerts, DateTime.UtcNow);
                lock (_alerts)
                {
                    _alerts.AddRange(alerts);
                    _notifications.Add(notification);
                }
            }
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    private static Dictionary<string, string> Strings(JsonElement e) => e.EnumerateObject()
        .ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");

    /// <summary>Waits for a notified alert that <paramref name="match"/> accepts, or fails saying what arrived.</summary>
    public async Task<NotifiedAlert> WaitForAsync(Func<NotifiedAlert, bool> match, string what, TimeSpan timeout, Func<string> context)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Alerts.FirstOrDefault(match) is { } found)
                return found;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"within {timeout}, never notified: {what}\nnotified:\n"
                    + $"{string.Join('\n', Alerts.Select(Describe))}\n{context()}");
            await Task.Delay(500);
        }
    }

    public static string Describe(NotifiedAlert a) => $"{a.Status} {string.Join(',', a.Labels.Select(l => $"{l.Key}={l.Value}"))}";

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }
}
