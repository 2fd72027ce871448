using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>
/// The real exporter executable, started as a child process on a free loopback port and driven over HTTP. With
/// <c>runAsUser</c> (when the tests run as root) it runs unprivileged, so that permission errors are real.
/// </summary>
public sealed class ExporterProcess : IAsyncDisposable
{
    /// <summary>The exporter as built beside the tests (the JIT build), for tests that run one of its commands themselves.</summary>
    public static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "backup-exporter.dll");

    // An unprivileged user may not be able to reach the build output (a clone under /root, say): it gets a copy.
    private static readonly Lazy<string> WorldReadableDll = new(() =>
    {
        var copy = Path.Combine(Path.GetTempPath(), $"backup-exporter-bin-{Environment.ProcessId}");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)), overwrite: true);
        ProcessRunner.CheckedAsync("chmod", "-R", "a+rX", copy).GetAwaiter().GetResult();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(copy, recursive: true);
        return Path.Combine(copy, "backup-exporter.dll");
    });
    private readonly Process _process;
    private readonly CapturedOutput _output;
    private readonly HttpClient _http;

    private ExporterProcess(Process process, int port, Func<int, HttpClient>? client)
    {
        _process = process;
        Port = port;
        _http = client?.Invoke(port) ?? new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromSeconds(30) };
        _output = new CapturedOutput(process);
    }

    public int Port { get; }

    public string Output => _output.ToString();

    /// <summary>For reading /proc/PID: the exporter's threads and descriptors.</summary>
    public int ProcessId => _process.Id;

    public static Task<ExporterProcess> StartAsync(string configFile, string? runAsUser = null, params string[] extraArgs) =>
        StartAsync(configFile, runAsUser, client: null, extraArgs);

    /// <param name="client">makes the client for a port, for an exporter behind TLS or basic authentication</param>
    public static Task<ExporterProcess> StartAsync(string configFile, string? runAsUser, Func<int, HttpClient>? client,
        params string[] extraArgs) =>
        StartAsync(configFile, runAsUser, client, stateDirectory: null, extraArgs);

    /// <summary>
    /// An exporter whose state directory (drill histories, run status files) is <paramref name="stateDirectory"/>, not
    /// the one all the tests' exporters share: what a test writes there is seen by this exporter alone.
    /// </summary>
    public static Task<ExporterProcess> StartWithStateAsync(string configFile, string stateDirectory, params string[] extraArgs) =>
        StartAsync(configFile, null, null, stateDirectory, extraArgs);

    /// <summary>
    /// An exporter that is up as soon as it answers /-/ready at all: behind a tight rate limit the polling for 200 would
    /// spend the burst while the first round runs, and then never see 200.
    /// </summary>
    public static Task<ExporterProcess> StartAnsweringAsync(string configFile, params string[] extraArgs) =>
        StartAsync(configFile, null, null, null, extraArgs, answered: true);

    private static async Task<ExporterProcess> StartAsync(string configFile, string? runAsUser, Func<int, HttpClient>? client,
        string? stateDirectory, string[] extraArgs, bool answered = false)
    {
        var port = FreePort();
        var info = Command(runAsUser, ["--config.file=" + configFile, $"--web.listen-address=127.0.0.1:{port}", .. extraArgs]);
        if (stateDirectory is not null)
            info.Environment["STATE_DIRECTORY"] = stateDirectory;
        var exporter = new ExporterProcess(Process.Start(info) ?? throw new InvalidOperationException("cannot start the exporter"), port,
            client);
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (exporter._process.HasExited)
                throw new InvalidOperationException($"the exporter exited with {exporter._process.ExitCode}:\n{exporter.Output}");
            try
            {
                if ((await exporter.GetAsync("/-/ready")).Status == 200 || answered)
                    return exporter;
            }
            catch (HttpRequestException)
            {
            }
            if (DateTime.UtcNow > until)
            {
                await exporter.DisposeAsync();
                throw new TimeoutException($"the exporter was not ready within 60 s:\n{exporter.Output}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Runs the exporter's command line to completion: <c>verify</c>, <c>check-config</c>, <c>--help</c>.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunCliAsync(params string[] args)
    {
        var info = Command(null, args);
        var r = await ProcessRunner.RunAsync(info.FileName, info.ArgumentList, TimeSpan.FromMinutes(2));
        return (r.ExitCode, r.Stdout, r.Stderr);
    }

    private static ProcessStartInfo Command(string? runAsUser, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var dll = Dll;
        if (runAsUser is not null && ProcessRunner.IsRoot)
        {
            dll = WorldReadableDll.Value;
            info.FileName = "setpriv";
            foreach (var a in (string[])[$"--reuid={runAsUser}", $"--regid={PrimaryGroup(runAsUser)}", "--clear-groups", "dotnet"])
                info.ArgumentList.Add(a);
            info.Environment["HOME"] = "/tmp";
            info.Environment["DOTNET_CLI_HOME"] = "/tmp";
            // The tests' private state directory is root's alone: an unprivileged exporter finds its own, as it would.
            info.Environment.Remove("STATE_DIRECTORY");
        }
        else
        {
            info.FileName = "dotnet";
        }
        info.ArgumentList.Add(dll);
        foreach (var a in args)
            info.ArgumentList.Add(a);
        return info;
    }

    public async Task<string> GetMetricsAsync() => (await GetAsync("/metrics")).Body;

    public async Task<PrometheusText> ScrapeAsync() => new(await GetMetricsAsync());

    public async Task<(int Status, string Body)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<(int Status, string Body)> PostAsync(string path)
    {
        using var response = await _http.PostAsync(path, null);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Scrapes until <paramref name="condition"/> holds (inspections run in the background), or fails.</summary>
    public async Task<PrometheusText> ScrapeUntilAsync(Func<PrometheusText, bool> condition, string what, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var scrape = await ScrapeAsync();
            if (condition(scrape))
                return scrape;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"within {seconds} s, never: {what}\n{await GetMetricsAsync()}\n{Output}");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Waits until the exporter's output holds <paramref name="text"/> (its console logger writes from a queue), or fails.
    /// </summary>
    public async Task<string> OutputUntilAsync(string text, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"within {seconds} s, the exporter never wrote: {text}\n{Output}");
            await Task.Delay(100);
        }
        return Output;
    }

    /// <summary>Sends a signal by name ("HUP", "TERM") with kill(1); .NET itself can only send SIGKILL.</summary>
    public void SendSignal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public void Signal(string signal) => SendSignal(signal);

    // The user's own primary group (nobody's is nogroup on Debian), numeric so that setpriv needs no lookup.
    private static string PrimaryGroup(string user) => ProcessRunner.CheckedAsync("id", "-g", user).GetAwaiter().GetResult().Trim();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            SendSignal("TERM");
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
