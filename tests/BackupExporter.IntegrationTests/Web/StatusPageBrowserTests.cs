using BackupExporter.IntegrationTests.Fixtures;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BackupExporter.IntegrationTests.Web;

/// <summary>
/// The status page of a running exporter with fifty real backup sets, in a real headless chromium: the order of the
/// sets, escaping, no sideways scrolling at 1280 px or on a phone, a refresh that keeps the reader's place, and
/// screenshots kept under the test output.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class StatusPageBrowserTests : BackupDirectoryTest, IClassFixture<HeadlessChromium>
{
    private readonly HeadlessChromium _chromium;
    private readonly ITestOutputHelper _output;

    public StatusPageBrowserTests(SharedMariaDb db, HeadlessChromium chromium, ITestOutputHelper output)
        : base(db)
    {
        _chromium = chromium;
        _output = output;
    }

    private async Task<ExporterProcess> StartAsync() =>
        await ExporterProcess.StartWithStateAsync(await StatusPageScene.WriteAsync(Server, Root), StatusPageScene.StateDirectory(Root));

    private async Task<IPage> OpenAsync(ExporterProcess exporter, int width, int height, string query = "?refresh=0", bool mobile = false)
    {
        var context = await _chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height },
            IsMobile = mobile, HasTouch = mobile });
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync($"http://127.0.0.1:{exporter.Port}/{query}");
        Assert.Equal(200, response?.Status);
        return page;
    }

    private async Task<string> ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        var path = Path.Combine(HeadlessChromium.ArtifactDirectory, name);
        await page.ScreenshotAsync(new() { Path = path, FullPage = fullPage });
        _output.WriteLine($"screenshot: {path}");
        Assert.True(new FileInfo(path).Length > 10_000, $"{path} is too small to show the page");
        return path;
    }

    [Fact]
    public async Task Fifty_sets_read_worst_first_escaped_and_fit_1280_px_and_a_phone_without_sideways_scrolling()
    {
        await using var exporter = await StartAsync();
        var dialogs = new List<string>();
        var page = await OpenAsync(exporter, 1280, 900);
        page.Dialog += (_, dialog) => dialogs.Add(dialog.Message);

        Assert.Equal("6 of 50 sets critical, 2 warnings", await page.TextContentAsync("#summary"));
        var rows = await page.EvalOnSelectorAllAsync<string[][]>("#sets tr[data-backup]", "rows => rows.map(r => "
            + "[r.dataset.backup, r.className])");
        Assert.Equal(StatusPageScene.Sets, rows.Length);
        Assert.Equal([.. StatusPageScene.Critical.Select(n => (n, "critical")), .. StatusPageScene.Warning.Select(n => (n, "warning"))],
            rows.Take(8).Select(r => (r[0], r[1])));
        Assert.All(rows.Skip(8), r => Assert.Equal("ok", r[1]));

        // Each reason carries its runbook link, to the configured address.
        var reasons = await page.EvalOnSelectorAllAsync<string[]>("#sets ul.reasons > li", "items => items.map(li => "
            + "li.querySelector('a.runbook')?.href ?? 'none')");
        Assert.Equal(8, reasons.Length);
        Assert.All(reasons, href => Assert.StartsWith("https://runbooks.example.com/backup-exporter/runbooks.md#mysqlbackup", href));

        // Names that are markup stay text: no element made from them, no script run.
        Assert.Equal(0, await page.EvaluateAsync<int>("document.querySelectorAll('script').length"));
        Assert.Equal(0, await page.EvaluateAsync<int>("document.querySelectorAll('img').length"));
        var escaped = await page.TextContentAsync("#set-set-48");
        Assert.Contains(StatusPageScene.MarkupArtifact, escaped);
        Assert.Contains(StatusPageScene.MarkupDirectory, escaped);
        Assert.Contains("<script>*.sql.gz", await page.TextContentAsync("#set-set-49"));
        Assert.Empty(dialogs);

        // Times are relative, with the absolute time on hover.
        Assert.Matches(@"^3 h( \d+ min)? ago$", await page.TextContentAsync("#set-set-00 td[data-label='Last good'] time"));
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$", await page.GetAttributeAsync("#set-set-00 td[data-label='Last "
            + "good'] time", "title"));

        Assert.Equal(1280, await page.EvaluateAsync<int>("document.documentElement.clientWidth"));
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 1280, "the page scrolls sideways at 1280 px");
        await ScreenshotAsync(page, "status-page-1280-first-screen.png", fullPage: false);
        await ScreenshotAsync(page, "status-page-1280.png");

        var phone = await OpenAsync(exporter, 390, 844, mobile: true);
        var phoneWidth = await phone.EvaluateAsync<int>("document.documentElement.clientWidth");
        Assert.Equal(390, phoneWidth);
        Assert.True(await phone.EvaluateAsync<int>("document.documentElement.scrollWidth") <= phoneWidth,
            "the page scrolls sideways on a phone");
        Assert.True(await phone.EvaluateAsync<bool>("[...document.querySelectorAll('#sets td')].every(td => "
            + "td.getBoundingClientRect().right <= document.documentElement.clientWidth)"),
            "a cell reaches past the edge of a phone's screen");
        await ScreenshotAsync(phone, "status-page-phone-first-screen.png", fullPage: false);
        await ScreenshotAsync(phone, "status-page-phone.png");
    }

    [Fact]
    public async Task The_newest_drill_shows_its_verdict_restore_time_phases_and_history()
    {
        await using var exporter = await StartAsync();
        var page = await OpenAsync(exporter, 1280, 900);
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) => dialogs.Add(dialog.Message);

        // The failed drill is the set's reason, linked to its runbook, with the tool's error as text.
        var failed = $"#set-{StatusPageScene.FailedDrill}";
        Assert.Equal("critical", await page.GetAttributeAsync(failed, "class"));
        var reason = await page.TextContentAsync($"{failed} ul.reasons > li");
        Assert.Contains("the newest restore drill failed in its restore phase", reason);
        Assert.Contains(StatusPageScene.DrillError, reason);
        Assert.EndsWith("#mysqlbackuprestoretestfailed", await page.GetAttributeAsync($"{failed} ul.reasons > li a.runbook", "href"));
        Assert.Matches(@"^restore drill: FAILED 1 h 5\d min ago · took 1m32s\s*last successful drill 23 h ago$",
            (await page.TextContentAsync($"#drill-{StatusPageScene.FailedDrill}"))!.Trim());

        // Folded until opened: the phases (the failed one marked), the history newest first with its errors.
        var details = $"{failed} details.drill-details";
        Assert.False(await page.IsVisibleAsync($"{details} li.phase"));
        await page.ClickAsync($"{details} > summary");
        Assert.Equal(["fetch: 12s", "restore: 1m20s failed here", "total: 1m32s"],
            await page.EvalOnSelectorAllAsync<string[]>($"{details} li.phase", "items => items.map(li => li.textContent)"));
        Assert.Equal(["failed", "ok"], await page.EvalOnSelectorAllAsync<string[]>($"{details} ol.drill-history > li",
            "items => items.map(li => li.dataset.verdict)"));
        Assert.Contains(StatusPageScene.DrillError, await page.TextContentAsync($"{details} ol.drill-history > li[data-verdict='failed']"));
        Assert.Equal(0, await page.EvaluateAsync<int>("document.querySelectorAll('marquee').length")); // the error's markup stayed text

        // A good drill leaves its set healthy and says how long the restore took and what it counted.
        var good = $"#set-{StatusPageScene.GoodDrill}";
        Assert.Equal("ok", await page.GetAttributeAsync(good, "class"));
        Assert.Matches(@"^restore drill: OK 1 h 5\d min ago · took 5m57s · 3 tables, 125,000 rows$",
            (await page.TextContentAsync($"#drill-{StatusPageScene.GoodDrill}"))!.Trim());
        await page.ClickAsync($"{good} details.drill-details > summary");
        Assert.Equal(["ok", "ok", "failed"], await page.EvalOnSelectorAllAsync<string[]>($"{good} ol.drill-history > li",
            "items => items.map(li => li.dataset.verdict)"));
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 1280, "the opened drill details make "
            + "the page scroll sideways");
        Assert.Empty(dialogs);
        await page.Locator(failed)
            .ScreenshotAsync(new() { Path = Path.Combine(HeadlessChromium.ArtifactDirectory, "status-page-drill.png") });
    }

    [Fact]
    public async Task The_periodic_refresh_keeps_the_scroll_position()
    {
        await using var exporter = await StartAsync();
        Assert.Equal((400, "refresh: expected whole seconds from 0 (never) to 86400\n"), await exporter.GetAsync("/?refresh=-5"));
        var page = await OpenAsync(exporter, 1280, 700, "?refresh=1");
        var loads = 0;
        page.Load += (_, _) => Interlocked.Increment(ref loads);
        const int y = 1500;

        // Scroll, in whichever document is current when the evaluation runs (a refresh may replace it meanwhile).
        await EventuallyAsync(() => Try(() => page.EvaluateAsync<bool>($"() => {{ window.scrollTo(0, {y}); return "
            + $"window.scrollY === {y}; }}")),
            "the page scrolls");
        var before = Volatile.Read(ref loads);
        await EventuallyAsync(async () =>
        {
            await page.WaitForLoadStateAsync(LoadState.Load);
            return Volatile.Read(ref loads) >= before + 2;
        }, "the page refreshes twice");
        double scrolled = -1;
        await EventuallyAsync(() => Try(async () => (scrolled = await page.EvaluateAsync<double>("window.scrollY")) >= 0),
            "the scroll position is read");
        Assert.Equal(y, scrolled);
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, what + " within 30 s");
            await Task.Delay(50);
        }
    }

    /// <summary>False when the page navigated away during the evaluation, which a refresh may do at any moment.</summary>
    private static async Task<bool> Try(Func<Task<bool>> evaluation)
    {
        try
        {
            return await evaluation();
        }
        catch (PlaywrightException e) when (e.Message.Contains("context was destroyed", StringComparison.Ordinal)
            || e.Message.Contains("navigation", StringComparison.Ordinal))
        {
            return false;
        }
    }
}
