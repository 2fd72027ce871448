namespace BackupExporter.Platform.Processes;

/// <summary>
/// The one way the exporter runs a program: <see cref="Start"/> for a caller that feeds its stdin or reads its
/// stdout itself, <see cref="RunAsync"/> for a run to its end. Both stop the program's whole tree on timeout or
/// cancellation (a <c>sh -c 'a | b'</c> would otherwise leave <c>a</c> and <c>b</c> running, holding the pipes).
/// </summary>
internal static class ProcessRunner
{
    /// <exception cref="System.ComponentModel.Win32Exception">the program could not be started (2: not found)</exception>
    public static RunningProcess Start(ProcessSpec spec) => RunningProcess.Start(spec);

    /// <summary>Runs the program to its end.</summary>
    /// <exception cref="OperationCanceledException">cancelled: the tree was stopped first</exception>
    public static async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        await using var process = Start(spec);
        return await process.WaitAsync(cancellationToken);
    }
}
