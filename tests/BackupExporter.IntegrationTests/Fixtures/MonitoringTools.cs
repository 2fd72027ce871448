namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>
/// The Prometheus tools from Debian's packages: <c>prometheus</c> and <c>promtool</c> (package prometheus),
/// <c>prometheus-alertmanager</c> and <c>amtool</c> (package prometheus-alertmanager). Missing ones fail the test with
/// the command that installs them: never a skip.
/// </summary>
public static class MonitoringTools
{
    public static string Promtool => Find("promtool", "prometheus");

    public static string Prometheus => Find("prometheus", "prometheus");

    public static string Amtool => Find("amtool", "prometheus-alertmanager");

    public static string Alertmanager => ProcessRunner.FindExecutable("prometheus-alertmanager", "alertmanager")
        ?? throw new InvalidOperationException("prometheus-alertmanager not found. Install it: apt-get install prometheus-alertmanager");

    private static string Find(string tool, string package) => ProcessRunner.FindExecutable(tool)
        ?? throw new InvalidOperationException($"{tool} not found. Install it: apt-get install {package}");

    /// <summary>Runs a tool; fails with everything it printed unless it exits 0.</summary>
    public static async Task<string> RunCheckedAsync(string tool, params string[] args)
    {
        var r = await ProcessRunner.RunAsync(tool, args, TimeSpan.FromMinutes(3));
        Assert.True(r.ExitCode == 0, $"{Path.GetFileName(tool)} {string.Join(' ', args)} exited {r.ExitCode}:\n{r.Stdout}\n{r.Stderr}");
        return r.Stdout + r.Stderr;
    }
}
