namespace BackupExporter.Restore;

/// <summary>Finds the tools a drill runs: on PATH, then in the sbin directories (where Debian puts mariadbd).</summary>
internal static class Executables
{
    public static string? Find(params string[] names)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/local/bin", "/usr/bin"]);
        foreach (var name in names)
            foreach (var directory in path)
                if (File.Exists(Path.Combine(directory, name)))
                    return Path.Combine(directory, name);
        return null;
    }
}
