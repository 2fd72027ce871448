namespace BackupExporter.Web;

/// <summary>The HTTP side of the command line: where to listen, where the metrics are, whether POST /-/reload works.</summary>
internal sealed record WebOptions(IReadOnlyList<ListenAddress> ListenAddresses, string TelemetryPath, bool EnableLifecycle)
{
    /// <summary>Paths that the telemetry path may not take over.</summary>
    public static readonly string[] ReservedPaths = ["/", "/api/v1/status", "/-/healthy", "/-/ready", "/-/reload"];
}
