using BackupExporter.Cli;
using BackupExporter.Web;

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
    [InlineData(":9407", null, 9407)]
    [InlineData("127.0.0.1:9407", "127.0.0.1", 9407)]
    [InlineData("[::1]:80", "::1", 80)]
    [InlineData("localhost:9407", "localhost", 9407)]
    public void Listen_addresses_follow_the_prometheus_style(string text, string? host, int port)
    {
        Assert.Equal(new ListenAddress(text, host, port), ListenAddress.Parse(text));
    }

    [Theory]
    [InlineData("9407")]
    [InlineData("host:port")]
    [InlineData("::1:9407")]
    [InlineData(":70000")]
    [InlineData("[nohost]:1")]
    public void Malformed_listen_addresses_are_refused(string text)
    {
        Assert.Null(ListenAddress.Parse(text));
    }

    [Fact]
    public void The_listen_address_repeats_and_keeps_every_value()
    {
        var (line, _) = CommandLine.Parse(["--web.listen-address=:1", "--web.listen-address", "127.0.0.1:2"]);
        Assert.Equal([":1", "127.0.0.1:2"], line!.FlagValues("web.listen-address"));
        Assert.Equal([":9407"], CommandLine.Parse([]).Line!.FlagValues("web.listen-address"));
    }

    [Theory]
    [InlineData(true, "--web.enable-lifecycle")]
    [InlineData(true, "--web.enable-lifecycle=true")]
    [InlineData(false, "--web.enable-lifecycle=false")]
    [InlineData(false, "--web.enable-lifecycle", "--no-web.enable-lifecycle")]
    [InlineData(false)]
    public void Lifecycle_is_a_switch_off_by_default(bool expected, params string[] args)
    {
        var (line, error) = CommandLine.Parse(args);
        Assert.Null(error);
        Assert.Equal(expected, line!.Switch("web.enable-lifecycle"));
    }

    [Fact]
    public void A_switch_takes_no_other_value_and_does_not_swallow_the_next_flag()
    {
        Assert.Contains("takes no value, or =true or =false; got \"yes\"", CommandLine.Parse(["--web.enable-lifecycle=yes"]).Error);
        var (line, _) = CommandLine.Parse(["--web.enable-lifecycle", "--config.file=x.yml"]);
        Assert.Equal("x.yml", line!.Flag("config.file"));
    }

    [Theory]
    [InlineData(true, "--version")]
    [InlineData(true, "version")]
    [InlineData(true, "check-config", "--config.file=x", "--version")]
    [InlineData(true, "--config.file=x", "--version", "--web.listen-address=:1")]
    [InlineData(false, "run", "--backup=b", "--", "mysqldump", "--version")]
    [InlineData(false, "--config.file=--versions")]
    public void Version_is_asked_anywhere_before_a_wrapped_command(bool expected, params string[] args)
    {
        Assert.Equal(expected, CommandLine.AsksForVersion(args));
    }
}
