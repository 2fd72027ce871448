using BackupExporter.Cli;

namespace BackupExporter.Tests.Cli;

public sealed class CommandLineTests
{
    [Fact]
    public void Serve_is_the_default_command_and_flags_take_both_forms()
    {
        var (line, error) = CommandLine.Parse(["--config.file=a.yml", "--web.listen-address", ":9999"]);
        Assert.Null(error);
        Assert.Equal("serve", line!.Command);
        Assert.Equal("a.yml", line.Flag("config.file"));
        Assert.Equal(":9999", line.Flag("web.listen-address"));
        Assert.Equal("info", line.Flag("log.level"));
    }

    [Fact]
    public void Backup_may_repeat()
    {
        var (line, _) = CommandLine.Parse(["verify", "--backup=a", "--backup", "b"]);
        Assert.Equal("a,b", line!.Flags["backup"]);
    }

    [Theory]
    [InlineData("unknown flag --web.listen-address for command verify", "verify", "--web.listen-address=:1")]
    [InlineData("unknown command \"serv\"", "serv")]
    [InlineData("flag --output needs a value", "verify", "--output")]
    public void Mistakes_are_named(string expected, params string[] args)
    {
        var (line, error) = CommandLine.Parse(args);
        Assert.Null(line);
        Assert.Contains(expected, error);
    }

    [Theory]
    [InlineData(":9407", "http://*:9407")]
    [InlineData("127.0.0.1:9407", "http://127.0.0.1:9407")]
    [InlineData("[::1]:80", "http://[::1]:80")]
    [InlineData("9407", null)]
    [InlineData("host:port", null)]
    public void Listen_addresses_follow_the_prometheus_style(string address, string? url)
    {
        Assert.Equal(url, ServeCommand.ListenUrl(address));
    }
}
