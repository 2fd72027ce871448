namespace BackupExporter.Configuration;

/// <summary>Reads and validates a YAML configuration file. Every problem is reported, located as file:line:column.</summary>
internal static class ConfigLoader
{
    /// <summary>Returns the config, or null with every error found (never throws for a user's mistake).</summary>
    public static (ExporterConfig? Config, IReadOnlyList<ConfigError> Errors) Load(string path) =>
        throw new NotImplementedException("ConfigLoader is being written");
}
