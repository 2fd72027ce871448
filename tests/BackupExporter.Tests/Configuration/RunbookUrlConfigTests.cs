using BackupExporter.Configuration;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Configuration;

/// <summary><c>global.runbook_url</c>: where the status page links its reasons to.</summary>
[Subject(typeof(ConfigLoader))]
public sealed class RunbookUrlConfigTests
{
    private static string Yaml(string url) => $"global:\n  runbook_url: {url}\nbackups:\n  - {{name: nightly, kind: mysqldump, "
        + $"path: /backup/mysql}}\n";

    [Fact]
    public void An_http_address_is_kept_and_absent_means_the_default()
    {
        var (config, errors) = ConfigLoader.Parse(Yaml("https://wiki.example.com/backup-exporter/runbooks.html"), ConfigErrors.Source);
        Assert.Empty(errors);
        Assert.Equal("https://wiki.example.com/backup-exporter/runbooks.html", config!.Global.RunbookUrl);
        var (plain, _) = ConfigLoader.Parse("backups:\n  - {name: nightly, kind: mysqldump, path: /backup/mysql}\n", ConfigErrors.Source);
        Assert.Null(plain!.Global.RunbookUrl);
    }

    [Theory]
    [InlineData("docs/runbooks.md", "2:16: global: runbook_url: \"docs/runbooks.md\" is not the http or https address of docs/runbooks.md, "
        + "e.g. https://wiki.example.com/backup-exporter/runbooks.html")]
    [InlineData("file:///usr/share/doc/runbooks.md", "2:16: global: runbook_url: \"file:///usr/share/doc/runbooks.md\" is not the http or "
        + "https address of docs/runbooks.md, e.g. https://wiki.example.com/backup-exporter/runbooks.html")]
    [InlineData("https://wiki.example.com/r.md#mysqlbackupoverdue", "2:16: global: runbook_url: "
        + "\"https://wiki.example.com/r.md#mysqlbackupoverdue\" has a section (#...); give the document's address, "
        + "each reason adds its own section")]
    public void Anything_but_an_http_address_of_the_document_is_an_error_at_its_position(string url, string error) =>
        Assert.Equal([error], ConfigErrors.Of(Yaml($"\"{url}\"")));
}
