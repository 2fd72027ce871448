using System.Text.RegularExpressions;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Integrations;

/// <summary>
/// Every runbook and documentation link that a site deploys (rules, dashboards, Zabbix, PMM) starts with the one
/// base in docs/base-url, points at a section that exists, and scripts/set-docs-url moves them all at once.
/// </summary>
public sealed partial class DocsLinkTests
{
    private static readonly string[] LinkedFolders = ["alert-rules", "dashboards", Path.Combine("deploy", "zabbix"),
        Path.Combine("deploy", "pmm"), Path.Combine("deploy", "kubernetes")];

    [GeneratedRegex(@"https?://[^\s""'<>)]*/(runbooks|metrics|configuration)\.md(#[a-z0-9-]+)?")]
    private static partial Regex DocLink();

    [GeneratedRegex(@"^#{1,4} +(.+?) *$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    private static IEnumerable<string> LinkedFiles(string root) =>
        LinkedFolders.SelectMany(f => Directory.EnumerateFiles(Path.Combine(root, f), "*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal));

    private static List<(string File, string Link)> Links(string root) =>
        [.. LinkedFiles(root).SelectMany(f => DocLink().Matches(File.ReadAllText(f)).Select(m => (f, m.Value)))];

    /// <summary>GitHub's anchor of a Markdown heading: lower case, spaces to dashes, punctuation dropped.</summary>
    private static string Anchor(string heading) =>
        new([.. heading.ToLowerInvariant().Replace(' ', '-').Where(c => char.IsLetterOrDigit(c) || c is '-' or '_')]);

    [Fact]
    public void Every_link_starts_with_the_base_and_names_a_section_that_exists()
    {
        var links = Links(RepoPaths.Root);
        Assert.True(links.Count >= 20, $"only {links.Count} documentation links found");
        foreach (var (file, link) in links)
        {
            Assert.True(link.StartsWith(DocsBase.Url + "/", StringComparison.Ordinal), $"{file}: {link} does not start with "
                + $"docs/base-url ({DocsBase.Url})");
            var hash = link.IndexOf('#', StringComparison.Ordinal);
            if (hash < 0)
                continue;
            var page = link[(DocsBase.Url.Length + 1)..hash];
            var anchors = Heading().Matches(File.ReadAllText(RepoPaths.Of("docs", page)))
                .Select(m => Anchor(m.Groups[1].Value)).ToHashSet();
            Assert.True(anchors.Contains(link[(hash + 1)..]), $"{file}: {link} names no section of docs/{page}");
        }
    }

    [Fact]
    public async Task Set_docs_url_moves_every_link_to_a_new_base_and_its_check_finds_a_stray_one()
    {
        var copy = Directory.CreateTempSubdirectory("backup-exporter-docs-url-").FullName;
        try
        {
            foreach (var folder in new[] { "scripts", "docs", "alert-rules", "dashboards", "deploy" })
                await ProcessRunner.CheckedAsync("cp", "-a", RepoPaths.Of(folder), copy);
            const string site = "https://wiki.example.internal/ops/backup-exporter/docs";
            var script = Path.Combine(copy, "scripts", "set-docs-url");

            var moved = await ProcessRunner.RunAsync(script, [site + "/"]);
            Assert.True(moved.ExitCode == 0, moved.Stderr);
            Assert.Equal(site, File.ReadAllText(Path.Combine(copy, "docs", "base-url")).Trim());
            var links = Links(copy);
            Assert.Equal(Links(RepoPaths.Root).Count, links.Count);
            Assert.All(links, l => Assert.StartsWith(site + "/", l.Link, StringComparison.Ordinal));
            Assert.DoesNotContain(DocsBase.Url, File.ReadAllText(Path.Combine(copy, "deploy", "kubernetes", "prometheusrule.yml")),
                StringComparison.Ordinal);

            // A link added by hand with another base is named by --check, with its file and line.
            var rules = Path.Combine(copy, "dashboards", "stray.json");
            await File.WriteAllTextAsync(rules, "{\"url\": \"https://elsewhere.example/docs/runbooks.md#mysqlbackupoverdue\"}\n");
            var check = await ProcessRunner.RunAsync(script, ["--check"]);
            Assert.Equal(1, check.ExitCode);
            Assert.Contains("dashboards/stray.json:1:https://elsewhere.example/docs/runbooks.md", check.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }
}
