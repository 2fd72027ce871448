using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>
/// A long-running server binary of the monitoring stack (prometheus, prometheus-alertmanager) started as a child
/// process on a free loopback port, ready once its <c>/-/ready</c> answers 200; stopped with SIGTERM, killed if it
/// lingers, on dispose. Its output is kept for failure messages.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly CapturedOutput _output;

    private ServiceProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(20) };
        _output = new CapturedOutput(process);
    }

    public int Port { get; }

    public HttpClient Http { get; }

    public string Output => _output.ToString();

    /// <summary>Starts <paramref name="binary"/> with <paramref name="args"/>; "{port}" in them becomes the port chosen.</summary>
    public static async Task<ServiceProcess> StartAsync(string binary, int port, params string[] args)
    {
        var info = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            info.ArgumentList.Add(a.Replace("{port}", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var service = new ServiceProcess(Process.Start(info) ?? throw new InvalidOperationException($"cannot start {binary}"), port);
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (service._process.HasExited)
                throw new InvalidOperationException($"{binary} exited with {service._process.ExitCode}:\n{service.Output}");
            try
            {
                using var response = await service.Http.GetAsync("/-/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                    return service;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            if (DateTime.UtcNow > until)
            {
                await service.DisposeAsync();
                throw new TimeoutException($"{binary} was not ready within 60 s:\n{service.Output}");
            }
            await Task.Delay(200);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }
}
