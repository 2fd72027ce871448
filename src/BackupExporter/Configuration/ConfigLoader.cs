namespace BackupExporter.Configuration;

/// <summary>Reads and validates a YAML configuration file. Every problem is reported, located as file:line:column.</summary>
internal static class ConfigLoader
{
    public static readonly string[] TopLevelKeys = ["global", "servers", "backups", "logs"];

    private const string NoBackupSets = "no backup sets configured (key `backups`)";

    /// <summary>Returns the config, or null with every error found (never throws for a user's mistake).</summary>
    public static (ExporterConfig? Config, IReadOnlyList<ConfigError> Errors) Load(string path) =>
        YamlFileLoader.Load<ExporterConfig>(path, "configuration file", Parse);

    /// <summary>
    /// Validates <paramref name="yamlText"/> as if read from <paramref name="sourcePath"/>: errors name that file and
    /// relative paths are resolved against its directory.
    /// </summary>
    public static (ExporterConfig? Config, IReadOnlyList<ConfigError> Errors) Parse(string yamlText, string sourcePath) =>
        YamlFileLoader.Parse(yamlText, sourcePath, TopLevelKeys, ReadEmpty, Read);

    private static ExporterConfig? ReadEmpty(ErrorCollector errors)
    {
        errors.Add(1, 1, NoBackupSets);
        return null;
    }

    private static ExporterConfig Read(MappingNode root, string fullPath, string baseDirectory, ErrorCollector errors)
    {
        var top = new MappingReader(root, context: null, TopLevelKeys, errors);
        // global first, whatever the order in the file: servers and backup sets inherit its values.
        var global = GlobalConfigReader.Read(top, baseDirectory, errors);
        var serverNames = new NameRegistry("servers", "server");
        var servers = ServerConfigReader.ReadAll(top, global, baseDirectory, serverNames, errors);
        var backups = BackupSetConfigReader.ReadAll(top, global, baseDirectory, serverNames, errors);
        // A `backups` of the wrong type is already reported; an absent or empty one is this error.
        if (top.Value("backups") is null or ScalarNode { IsNull: true } or SequenceNode { Items.Count: 0 })
            errors.Add(top.KeyNode("backups") ?? root, NoBackupSets);
        var logs = LogConfigReader.ReadAll(top, global, baseDirectory, servers, backups, errors);
        return new ExporterConfig(fullPath, global, servers, backups) { Logs = logs, Warnings = errors.Warnings };
    }
}
