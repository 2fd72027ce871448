namespace BackupExporter.Platform;

/// <summary>One wording for a file the exporter could not read, whichever folder met it.</summary>
internal static class ReadProblem
{
    /// <summary>A message that says what went wrong with a file and what to do about it.</summary>
    public static string Describe(string path, Exception e) => $"cannot read {path}: {Reason(e)}";

    /// <summary>What went wrong, and what to do about it, without the path.</summary>
    public static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied (the exporter's user needs read access)",
        FileNotFoundException when e.Message.Contains('\uFFFD') => "the file name is not valid UTF-8 and cannot be opened; rename it",
        _ => e.Message,
    };
}
