namespace BackupExporter.Restore.Physical;

/// <summary>
/// One external program a restore runs: its path and arguments (no shell, so no quoting and no secrets in a command line).
/// </summary>
internal sealed record ToolCommand(string Path, IReadOnlyList<string> Arguments)
{
    /// <summary>The program's file name, as messages name it.</summary>
    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>Variables set for the program on top of the exporter's own environment.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();
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
