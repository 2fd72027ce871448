using Microsoft.Playwright;

namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>
/// The machine's own chromium (Debian's package), driven headless through Playwright with its executable path set:
/// Playwright never downloads a browser here. Without chromium the test fails and says what to install.
/// </summary>
public sealed class HeadlessChromium : IAsyncLifetime
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium"];
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("chromium is not started");

    /// <summary>Where the tests keep their screenshots: beside the test assembly, so CI can collect them.</summary>
    public static string ArtifactDirectory => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    public async Task InitializeAsync()
    {
        var executable = Candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("no chromium found (looked for " + string.Join(", ", Candidates) + "); install it: "
                + "apt-get install chromium");
        _playwright = await Playwright.CreateAsync();
        // --no-sandbox: chromium refuses to start as root with its sandbox, and the tests may run as root.
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = executable, Headless = true, Args = ["--no-sandbox"] });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
