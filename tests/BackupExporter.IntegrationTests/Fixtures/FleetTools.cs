namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>
/// The fleet tools from Debian's packages: <c>jsonnet</c> (package jsonnet) builds the mixin; <c>victoria-metrics</c>
/// and <c>vmalert</c> (package victoria-metrics) are the query layer and its rule evaluator. Missing ones fail the
/// test with the command that installs them: never a skip.
/// </summary>
public static class FleetTools
{
    public static string Jsonnet => Find("jsonnet", "jsonnet");

    public static string VictoriaMetrics => Find("victoria-metrics", "victoria-metrics");

    public static string VmAlert => Find("vmalert", "victoria-metrics");

    private static string Find(string tool, string package) => ProcessRunner.FindExecutable(tool)
        ?? throw new InvalidOperationException($"{tool} not found. Install it: apt-get install {package}");
}
