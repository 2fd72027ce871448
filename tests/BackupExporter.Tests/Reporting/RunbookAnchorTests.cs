using System.Text.RegularExpressions;
using BackupExporter.Reporting;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Reporting;

/// <summary>Every runbook section a reason links to exists in docs/runbooks.md, and the default address is the release's.</summary>
[Subject(typeof(Runbooks))]
public sealed partial class RunbookAnchorTests
{
    [GeneratedRegex("^#{1,6} +(.+?) *$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex("[^a-z0-9 _-]")]
    private static partial Regex NotInAnchor();

    /// <summary>GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens.</summary>
    private static HashSet<string> Anchors(string markdown) =>
        Heading().Matches(markdown).Select(m => NotInAnchor().Replace(m.Groups[1].Value.ToLowerInvariant(), "")
            .Replace(' ', '-')).ToHashSet();

    private static string RepositoryFile(params string[] parts) => Path.Combine([RepositoryRoot.Find(), .. parts]);

    [Fact]
    public void Every_linked_section_exists_in_the_runbooks()
    {
        var anchors = Anchors(File.ReadAllText(RepositoryFile("docs", "runbooks.md")));
        Assert.Contains("mysqlbackupoverdue", anchors);
        Assert.All(Runbooks.All, anchor => Assert.Contains(anchor, anchors));
    }

    [Fact]
    public void Every_check_has_its_own_section()
    {
        foreach (var check in new[] { "complete", "checksum", "compression", "chain", "size" })
            Assert.NotEqual(Runbooks.BeforeAnythingElse, Runbooks.ForCheck(check));
    }

    [Fact]
    public void The_default_address_is_under_the_docs_base_and_a_release_links_its_own_tag()
    {
        var docsBase = File.ReadLines(RepositoryFile("docs", "base-url")).First().Trim();
        Assert.Equal(docsBase, Runbooks.DocsBase);
        Assert.Equal(docsBase + "/runbooks.md", Runbooks.DefaultBaseUrl("1.5.0-dev"));
        Assert.Equal(docsBase + "/runbooks.md", Runbooks.DefaultBaseUrl("unknown"));
        Assert.Equal(docsBase.EndsWith("/blob/main/docs", StringComparison.Ordinal)
                ? docsBase.Replace("/blob/main/docs", "/blob/v1.4.0/docs", StringComparison.Ordinal) + "/runbooks.md"
                : docsBase + "/runbooks.md",
            Runbooks.DefaultBaseUrl("1.4.0"));
    }

    [Theory]
    [InlineData("run", Runbooks.RunFailed)]
    [InlineData("mysqldump", Runbooks.LogErrors)]
    [InlineData("cron", Runbooks.LogErrors)]
    public void A_failed_run_links_the_wrapper_section_and_any_other_log_the_error_lines_section(string source, string runbook)
    {
        var log = new LogReport
        {
            Source = source, Path = "/backup/job.log", Outcome = "failed", Errors = new Dictionary<string, long> { ["disk_full"] = 1 },
        };
        Assert.NotNull(log.Judgement());
        Assert.Equal(runbook, log.Runbook);
    }
}
