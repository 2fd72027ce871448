using System.IO.Compression;
using System.Net.Sockets;
using System.Text.Json;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Web;

/// <summary>The exporter conventions of the serve command, checked with curl against the running executable.</summary>
[Collection(WebTest.Collection)]
public sealed class ServeFlagTests : WebTest
{
    private static string Http(ExporterProcess exporter, string path) => $"http://127.0.0.1:{exporter.Port}{path}";

    [Fact]
    public async Task Reload_by_post_needs_the_lifecycle_flag_and_the_password()
    {
        await using (var plain = await ExporterProcess.StartAsync(Config))
        {
            var refused = await Curl.RunAsync("-X", "POST", Http(plain, "/-/reload"));
            Assert.Equal(403, refused.Status);
            Assert.Equal("Lifecycle API is not enabled: start the exporter with --web.enable-lifecycle to reload by POST /-/reload, "
                + "or send it SIGHUP.\n", refused.Body);
            Assert.Equal(403, (await Curl.RunAsync("-X", "PUT", Http(plain, "/-/reload"))).Status);
        }

        WriteWebConfig($"basic_auth_users:\n  ops: {await HashAsync(Password)}\n");
        await using var exporter = await ExporterProcess.StartAsync(Config, null, port =>
        {
            var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("ops:correct horse"u8.ToArray()));
            return client;
        }, "--web.config.file=" + WebConfigPath, "--web.enable-lifecycle");
        Assert.Equal(401, (await Curl.RunAsync("-X", "POST", Http(exporter, "/-/reload"))).Status);
        var reloaded = await Curl.RunAsync("-X", "POST", "--user", "ops:" + Password, Http(exporter, "/-/reload"));
        Assert.Equal((200, "Reloaded\n"), (reloaded.Status, reloaded.Body));
        Assert.Contains("configuration reloaded from", exporter.Output);
    }

    [Fact]
    public async Task Requests_beyond_the_rate_limit_get_429()
    {
        WriteWebConfig("rate_limit:\n  interval: 1h\n  burst: 2\n");
        await using var exporter = await ExporterProcess.StartAnsweringAsync(Config, "--web.config.file=" + WebConfigPath);
        // The start-up polling may have used the burst already; within an hour no token comes back.
        var limited = await Curl.UntilAsync(r => r.Status == 429, "the rate limit answers 429", Http(exporter, "/-/healthy"));
        Assert.Equal("Too Many Requests\n", limited.Body);
        Assert.Equal(429, (await Curl.RunAsync(Http(exporter, "/metrics"))).Status);
    }

    [Fact]
    public async Task Every_get_endpoint_answers_head_with_the_length_and_no_body()
    {
        await using var exporter = await ExporterProcess.StartAsync(Config);
        foreach (var path in new[] { "/metrics", "/", "/api/v1/status", "/-/healthy", "/-/ready" })
        {
            var get = await Curl.RunAsync(Http(exporter, path));
            var head = await RawHeadAsync(exporter.Port, path);
            Assert.StartsWith("HTTP/1.1 200 OK\r\n", head);
            Assert.EndsWith("\r\n\r\n", head); // the headers and nothing after them
            Assert.Equal(ContentType(get.Headers), ContentType(head));
        }
        Assert.Matches(@"(?im)^content-length: [1-9][0-9]+\r?$", await RawHeadAsync(exporter.Port, "/metrics"));
    }

    /// <summary>Everything the server sends for a HEAD request until it closes the connection.</summary>
    private static async Task<string> RawHeadAsync(int port, string path)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"HEAD {path} HTTP/1.1\r\nHost: "
            + $"127.0.0.1\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, System.Text.Encoding.ASCII);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task Metrics_are_gzipped_for_a_scraper_that_accepts_it()
    {
        await using var exporter = await ExporterProcess.StartAsync(Config);
        var gzipped = await Curl.RunAsync("--header", "Accept-Encoding: gzip", "--output", Path.Combine(Root, "metrics.gz"),
            Http(exporter, "/metrics"));
        Assert.Contains("content-encoding: gzip", gzipped.Headers, StringComparison.OrdinalIgnoreCase);
        await using (var file = File.OpenRead(Path.Combine(Root, "metrics.gz")))
        await using (var gunzip = new GZipStream(file, CompressionMode.Decompress))
        using (var reader = new StreamReader(gunzip))
        {
            var text = await reader.ReadToEndAsync();
            Assert.Contains("mysql_backup_info{backup=\"nightly\"", text);
            Assert.EndsWith("\n", text);
        }
        var plain = await Curl.RunAsync(Http(exporter, "/metrics"));
        Assert.DoesNotContain("content-encoding", plain.Headers, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("mysql_backup_info{backup=\"nightly\"", plain.Body);
    }

    [Fact]
    public async Task The_telemetry_path_moves_the_metrics_and_several_listen_addresses_serve_alike()
    {
        var second = ServiceProcess.FreePort();
        await using var exporter = await ExporterProcess.StartAsync(Config, null,
            "--web.telemetry-path=/probe/metrics", $"--web.listen-address=[::1]:{second}");
        Assert.Contains("mysql_backup_info{", (await Curl.RunAsync(Http(exporter, "/probe/metrics"))).Body);
        Assert.Equal(404, (await Curl.RunAsync(Http(exporter, "/metrics"))).Status);
        var v6 = await Curl.RunAsync($"http://[::1]:{second}/probe/metrics");
        Assert.Equal(200, v6.Status);
        Assert.Contains("mysql_backup_info{", v6.Body);

        var (code, _, stderr) = await ExporterProcess.RunCliAsync("--config.file=" + Config, "--web.telemetry-path=/-/healthy");
        Assert.Equal(2, code);
        Assert.Contains("--web.telemetry-path=\"/-/healthy\" is already used by the exporter", stderr);
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_and_exit_status_1()
    {
        using var taken = new TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var (code, stdout, stderr) = await ExporterProcess.RunCliAsync("--config.file=" + Config, $"--web.listen-address=127.0.0.1:{port}");
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal($"backup-exporter: cannot listen on http://127.0.0.1:{port}: address already in use; stop what uses it or choose "
            + $"another --web.listen-address\n", stderr);
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("--config.file=x.yml", "--version")]
    [InlineData("check-config", "--version")]
    [InlineData("verify", "--output=json", "--version")]
    public async Task Version_is_printed_whatever_its_position(params string[] args)
    {
        var (code, stdout, _) = await ExporterProcess.RunCliAsync(args);
        Assert.Equal(0, code);
        Assert.Matches(@"^backup-exporter \d+\.\d+\.\d+\S*\n$", stdout);
    }

    [Fact]
    public async Task Json_logs_carry_a_timestamp_level_and_message()
    {
        await using var exporter = await ExporterProcess.StartAsync(Config, null, "--log.format=json");
        var until = DateTime.UtcNow.AddSeconds(30);
        string? line;
        // The output is captured as it comes: wait for the line rather than assume it is there.
        while ((line = exporter.Output.Split('\n').FirstOrDefault(l => l.Contains("listening on", StringComparison.Ordinal))) is null)
        {
            Assert.True(DateTime.UtcNow < until, "no \"listening on\" line within 30 s:\n" + exporter.Output);
            await Task.Delay(100);
        }
        using var json = JsonDocument.Parse(line);
        var ts = json.RootElement.GetProperty("ts").GetString()!;
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", ts);
        Assert.InRange(DateTimeOffset.Parse(ts, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-5),
            DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal("info", json.RootElement.GetProperty("level").GetString());
        Assert.StartsWith("backup-exporter ", json.RootElement.GetProperty("msg").GetString());
    }

    private static string ContentType(string headers) =>
        headers.Split('\n').Single(l => l.StartsWith("content-type:", StringComparison.OrdinalIgnoreCase)).Trim();
}
