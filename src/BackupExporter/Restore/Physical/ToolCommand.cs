namespace BackupExporter.Restore.Physical;

/// <summary>
/// One external program a restore runs: its path and arguments (no shell, so no quoting and no secrets in a command line).
/// </summary>
internal sealed record ToolCommand(string Path, IReadOnlyList<string> Arguments)
{
    /// <summary>The program's file name, as messages name it.</summary>
    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>Variables set for the program on top of the exporter's own environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The first of <paramref name="names"/> found on PATH or in the sbin directories, where server tools live.</summary>
    public static string? Find(params string[] names)
    {
        var directories = (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]);
        foreach (var name in names)
            foreach (var directory in directories)
            {
                var candidate = System.IO.Path.Combine(directory, name);
                if (File.Exists(candidate))
                    return candidate;
            }
        return null;
    }
}

/// <summary>How a program ended: its exit status and the lines of its output that tell why (bounded).</summary>
internal sealed record ToolExit(ToolCommand Command, int ExitCode, ToolOutput Output)
{
    public bool Ok => ExitCode == 0;

    /// <summary>The line that says what went wrong, for the drill's error.</summary>
    public string TellingLine => Output.TellingLine();

    /// <summary><c>mariabackup exited 1: error: ...</c></summary>
    public string Describe() => $"{Command.Name} exited {ExitCode}: {TellingLine}";
}
