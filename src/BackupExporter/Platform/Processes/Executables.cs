namespace BackupExporter.Platform.Processes;

/// <summary>
/// The one place that finds the programs the exporter runs (server tools, clients, coreutils, rclone). A name with a
/// slash is a path and taken as it is. Otherwise PATH first, as a shell would (the operator's choice wins), then the
/// standard directories in the order of Debian's default PATH for root (/etc/login.defs, ENV_SUPATH): a service or a
/// cron job often runs with a PATH without the sbin directories, and Debian puts mariadbd in /usr/sbin.
/// </summary>
internal static class Executables
{
    public static readonly IReadOnlyList<string> StandardDirectories =
        ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    /// <returns>the first of <paramref name="names"/> found, each name tried in every directory before the next name</returns>
    public static string? Find(params string[] names) => Find(Environment.GetEnvironmentVariable("PATH"), names);

    /// <param name="path">the value of PATH to search first</param>
    internal static string? Find(string? path, IEnumerable<string> names)
    {
        var directories = (path ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(StandardDirectories)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var name in names)
        {
            if (name.Contains('/', StringComparison.Ordinal))
            {
                if (File.Exists(name))
                    return name;
                continue;
            }
            foreach (var directory in directories)
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        return null;
    }
}
