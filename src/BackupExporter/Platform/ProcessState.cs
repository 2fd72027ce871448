namespace BackupExporter.Platform;

/// <summary>What <c>/proc/PID/stat</c> says of a process, for the run wrapper's process tree and the drills' sandboxes.</summary>
internal static class ProcessState
{
    /// <summary>True while <paramref name="pid"/> runs; a zombie (killed, not yet reaped by its parent) or a dead one does not.</summary>
    public static bool IsAlive(int pid) => Fields(pid) is [var state, ..] && state is not ("Z" or "X");

    /// <summary>
    /// The fields after the command name: state, parent pid, ...; null when the process is gone. The name may hold
    /// spaces and parentheses, so the fields are read after the last ')'.
    /// </summary>
    public static string[]? Fields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            return close < 0 ? null : stat[(close + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
