using BackupExporter.Cli;

namespace BackupExporter.Tests.Cli;

public sealed class HealthcheckCommandTests
{
    [Theory]
    [InlineData(":9407", "http://127.0.0.1:9407/-/healthy")]
    [InlineData("0.0.0.0:9407", "http://127.0.0.1:9407/-/healthy")]
    [InlineData("[::]:9407", "http://[::1]:9407/-/healthy")]
    [InlineData("192.0.2.7:9100", "http://192.0.2.7:9100/-/healthy")]
    [InlineData("[::1]:9407", "http://[::1]:9407/-/healthy")]
    public void A_wildcard_listen_address_is_checked_on_loopback(string address, string expected) =>
        Assert.Equal(expected, HealthcheckCommand.HealthUrl(address)?.ToString());

    [Theory]
    [InlineData("9407")]
    [InlineData(":0")]
    [InlineData(":65536")]
    [InlineData("host:port")]
    public void An_address_without_a_usable_port_is_refused(string address) => Assert.Null(HealthcheckCommand.HealthUrl(address));

    [Fact]
    public async Task Nothing_listening_is_unhealthy_and_says_where_it_asked()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // a port nobody listens on now
        var (line, _) = CommandLine.Parse(["healthcheck", $"--web.listen-address=127.0.0.1:{port}"]);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(HealthcheckCommand.Unhealthy, await HealthcheckCommand.RunAsync(line!, stdout, stderr));
        Assert.Contains($"http://127.0.0.1:{port}/-/healthy", stderr.ToString(), StringComparison.Ordinal);
        Assert.Empty(stdout.ToString());
    }
}
