namespace BackupExporter.Platform.Processes;

/// <summary>How a program ended.</summary>
/// <param name="ExitCode">its status; 128+N when signal N ended it (.NET reports it so, as shells do)</param>
/// <param name="Signal">the signal that ended it, when <paramref name="ExitCode"/> says so (a shell's own exit 128+N
/// cannot be told apart)</param>
/// <param name="TimedOut">it ran past <see cref="ProcessSpec.Timeout"/> and its tree was stopped</param>
/// <param name="OutputTail">the last non-blank stdout lines, when stdout was read as lines</param>
/// <param name="ErrorTail">the last non-blank stderr lines, when stderr was read as lines</param>
internal sealed record ProcessResult(int ExitCode, int? Signal, bool TimedOut, IReadOnlyList<string> OutputTail,
    IReadOnlyList<string> ErrorTail)
{
    public bool Ok => ExitCode == 0 && !TimedOut;

    /// <summary>The last non-blank line of stdout, else of stderr: usually a tool's verdict.</summary>
    public string LastLine =>
        OutputTail.Count > 0 ? OutputTail[^1] : ErrorTail.Count > 0 ? ErrorTail[^1] : "(no output)";

    public static int? SignalOf(int exitCode) => exitCode is > 128 and < 128 + 65 ? exitCode - 128 : null;
}
