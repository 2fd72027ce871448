using BackupExporter.Configuration;
using BackupExporter.Tests.Support;
using BackupExporter.Web.Security;

namespace BackupExporter.Tests.Configuration;

/// <summary>
/// Nesting is bounded while the tree is built: a file nested beyond reason is an error at its place, not a stack overflow.
/// </summary>
[Subject(typeof(YamlTreeBuilder))]
public sealed class YamlNestingTests
{
    [Theory]
    [InlineData("[", 100_000)]
    [InlineData("{a: ", 100_000)]
    [InlineData("- ", 10_000)]
    public void Nesting_far_past_the_limit_is_one_located_error(string open, int depth)
    {
        var yaml = "backups: " + (open == "- " ? "\n" : "") + string.Concat(Enumerable.Repeat(open, depth)) + "x";
        var errors = ConfigErrors.Of(yaml);
        var error = Assert.Single(errors);
        Assert.EndsWith(": nested more than 64 levels deep; a configuration needs only a few (an unclosed [ or { repeated?)", error);
    }

    [Fact]
    public void The_limit_is_counted_from_the_top_mapping()
    {
        // The top mapping is level 1, `backups`' value level 2: 63 brackets reach 64 exactly.
        var at = "backups: " + new string('[', 63) + new string(']', 63);
        Assert.DoesNotContain(ConfigErrors.Of(at), e => e.Contains("nested", StringComparison.Ordinal));
        var past = "backups: " + new string('[', 64) + new string(']', 64);
        Assert.Equal(["1:73: nested more than 64 levels deep; a configuration needs only a few (an unclosed [ or { repeated?)"],
            ConfigErrors.Of(past));
    }

    [Fact]
    public void The_web_configuration_is_bounded_too()
    {
        var (config, errors) = WebConfigLoader.Parse("basic_auth_users: " + new string('{', 100_000), "/etc/backup-exporter/web.yml");
        Assert.Null(config);
        Assert.Equal("/etc/backup-exporter/web.yml:1:82: nested more than 64 levels deep; " +
            "a configuration needs only a few (an unclosed [ or { repeated?)",
            Assert.Single(errors).ToString());
    }
}
