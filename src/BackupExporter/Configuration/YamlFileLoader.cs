namespace BackupExporter.Configuration;

/// <summary>
/// What every YAML file the exporter reads has in common: reading it with a plain reason when it cannot be read,
/// building the tree with file:line:column errors, and accepting only a mapping (or an empty document) at the top.
/// What the keys mean is the caller's.
/// </summary>
internal static class YamlFileLoader
{
    /// <summary>Reads a mapping's keys; <c>baseDirectory</c> is the file's directory, for relative paths in it.</summary>
    public delegate T MappingRead<out T>(MappingNode root, string fullPath, string baseDirectory, ErrorCollector errors);

    /// <summary>
    /// Reads <paramref name="path"/> and hands its text to <paramref name="parse"/>; a file that cannot be read is
    /// one error naming <paramref name="fileKind"/> and the full path.
    /// </summary>
    public static (T? Config, IReadOnlyList<ConfigError> Errors) Load<T>(
        string path, string fileKind, Func<string, string, (T? Config, IReadOnlyList<ConfigError> Errors)> parse)
        where T : class
    {
        string text;
        try
        {
            if (Directory.Exists(path))
                return Fail<T>(path, $"cannot read {fileKind} \"{SafeFullPath(path)}\": it is a directory");
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
            return Fail<T>(path, $"cannot read {fileKind} \"{SafeFullPath(path)}\": {reason}");
        }
        return parse(text, path);
    }

    /// <summary>
    /// Builds the tree of <paramref name="yamlText"/> as if read from <paramref name="sourcePath"/> (errors name that
    /// file) and reads its top mapping with <paramref name="readMapping"/>; an empty document is
    /// <paramref name="readEmpty"/>'s to judge. Returns the result only when no error was found.
    /// </summary>
    public static (T? Config, IReadOnlyList<ConfigError> Errors) Parse<T>(
        string yamlText, string sourcePath, IReadOnlyList<string> topLevelKeys,
        Func<ErrorCollector, T?> readEmpty, MappingRead<T> readMapping)
        where T : class
    {
        try
        {
            return ParseChecked(yamlText, sourcePath, topLevelKeys, readEmpty, readMapping);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A value the readers should have refused with its position: still an error, never the end of the
            // process (a reload on SIGHUP would take the exporter down, `run` would lose the backup).
            return Fail<T>(sourcePath, $"{InternalErrorPrefix}{e.GetType().Name}: {e.Message}); please report it with the file");
        }
    }

    /// <summary>Begins the message of an exception no reader caught: the property tests look for it.</summary>
    public const string InternalErrorPrefix = "cannot be read (internal error: ";

    private static (T? Config, IReadOnlyList<ConfigError> Errors) ParseChecked<T>(
        string yamlText, string sourcePath, IReadOnlyList<string> topLevelKeys,
        Func<ErrorCollector, T?> readEmpty, MappingRead<T> readMapping)
        where T : class
    {
        var errors = new ErrorCollector(sourcePath);
        if (!YamlTreeBuilder.TryBuild(yamlText, errors, out var root))
            return (null, errors.ToSortedList());

        var fullPath = SafeFullPath(sourcePath);
        var baseDirectory = Path.GetDirectoryName(fullPath) ?? Directory.GetCurrentDirectory();
        T? config = null;
        switch (root)
        {
            case null:
            case ScalarNode { IsNull: true }:
                config = readEmpty(errors);
                break;
            case MappingNode mapping:
                config = readMapping(mapping, fullPath, baseDirectory, errors);
                break;
            default:
                errors.Add(root, $"expected a mapping with the keys {string.Join(", ", topLevelKeys)}, got {root.Describe()}");
                break;
        }
        return errors.Count == 0 ? (config, []) : (null, errors.ToSortedList());
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

    private static (T?, IReadOnlyList<ConfigError>) Fail<T>(string path, string message) where T : class =>
        (null, [new ConfigError(path, 0, 0, message)]);
}
