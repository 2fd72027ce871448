namespace BackupExporter.Configuration;

/// <summary>Reads and validates a YAML configuration file. Every problem is reported, located as file:line:column.</summary>
internal static class ConfigLoader
{
    public static readonly string[] TopLevelKeys = ["global", "servers", "backups", "logs"];

    private const string NoBackupSets = "no backup sets configured (key `backups`)";

    /// <summary>Returns the config, or null with every error found (never throws for a user's mistake).</summary>
    public static (ExporterConfig? Config, IReadOnlyList<ConfigError> Errors) Load(string path)
    {
        string text;
        try
        {
            if (Directory.Exists(path))
                return Fail(path, $"cannot read configuration file \"{Path.GetFullPath(path)}\": it is a directory");
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // The full path, because a relative one is resolved against a working directory the user may not expect (systemd).
            var reason = ex switch
            {
                FileNotFoundException or DirectoryNotFoundException => "no such file",
                UnauthorizedAccessException => "permission denied",
                _ => ex.Message,
            };
            return Fail(path, $"cannot read configuration file \"{SafeFullPath(path)}\": {reason}");
        }
        return Parse(text, path);
    }

    /// <summary>
    /// Validates <paramref name="yamlText"/> as if read from <paramref name="sourcePath"/>: errors name that file and
    /// relative paths are resolved against its directory.
    /// </summary>
    public static (ExporterConfig? Config, IReadOnlyList<ConfigError> Errors) Parse(string yamlText, string sourcePath)
    {
        var errors = new ErrorCollector(sourcePath);
        if (!YamlTreeBuilder.TryBuild(yamlText, errors, out var root))
            return (null, errors.ToSortedList());

        var fullPath = SafeFullPath(sourcePath);
        var baseDirectory = Path.GetDirectoryName(fullPath) ?? Directory.GetCurrentDirectory();
        ExporterConfig? config = null;
        switch (root)
        {
            case null:
            case ScalarNode { IsNull: true }:
                errors.Add(1, 1, NoBackupSets);
                break;
            case MappingNode mapping:
                config = Read(mapping, fullPath, baseDirectory, errors);
                break;
            default:
                errors.Add(root, $"expected a mapping with the keys {string.Join(", ", TopLevelKeys)}, got {root.Describe()}");
                break;
        }
        return errors.Count == 0 ? (config, []) : (null, errors.ToSortedList());
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
        return new ExporterConfig(fullPath, global, servers, backups) { Logs = logs };
    }

    private static string SafeFullPath(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return path;
        }
    }

    private static (ExporterConfig?, IReadOnlyList<ConfigError>) Fail(string path, string message) =>
        (null, [new ConfigError(path, 0, 0, message)]);
}
