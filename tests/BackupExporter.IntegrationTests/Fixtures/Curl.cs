namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>The real <c>curl</c>, as an operator would check an exporter: status, headers and body of one request.</summary>
public static class Curl
{
    public sealed record Response(int ExitCode, int Status, string Headers, string Body, string Stderr);

    /// <summary>Runs curl with <paramref name="args"/>; the status is 0 when no HTTP response came (see ExitCode, Stderr).</summary>
    public static async Task<Response> RunAsync(params string[] args)
    {
        var headers = Path.GetTempFileName();
        try
        {
            var curl = ProcessRunner.FindExecutable("curl") ?? throw new InvalidOperationException("curl not found. Install "
                + "it: apt-get install curl");
            var r = await ProcessRunner.RunAsync(curl, ["--silent", "--show-error", "--max-time", "20", "--dump-header", headers, .. args]);
            var head = await File.ReadAllTextAsync(headers);
            // The last status line counts (a 100 Continue may come first).
            var status = head.Split('\n').Where(l => l.StartsWith("HTTP/", StringComparison.Ordinal))
                .Select(l => int.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)).LastOrDefault();
            return new Response(r.ExitCode, status, head, r.Stdout, r.Stderr);
        }
        finally
        {
            File.Delete(headers);
        }
    }

    /// <summary>Runs curl until <paramref name="condition"/> holds, or fails with the last response.</summary>
    public static async Task<Response> UntilAsync(Func<Response, bool> condition, string what, params string[] args)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var response = await RunAsync(args);
            if (condition(response))
                return response;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"within 30 s, never: {what}; last: exit {response.ExitCode}, HTTP {response.Status}\n"
                    + $"{response.Headers}{response.Stderr}");
            await Task.Delay(100);
        }
    }
}
