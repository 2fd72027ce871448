using System.ComponentModel;
using BackupExporter.Inspection.Drills;
using BackupExporter.Platform.Processes;

namespace BackupExporter.Restore;

/// <summary>Starts a drill's tools through the process runner; a tool that cannot be started ends the drill with its reason.</summary>
internal static class ToolStart
{
    /// <summary>Lines of a tool's output kept for its failure message: a load prints little, an error comes late.</summary>
    public const int KeptLines = 1000;

    /// <param name="failure">the drill's error for the reason: failed, or unsupported on this host</param>
    public static RunningProcess Start(ProcessSpec spec, Func<string, Exception>? failure = null)
    {
        try
        {
            return ProcessRunner.Start(spec);
        }
        catch (Win32Exception e)
        {
            var reason = $"cannot start {spec.File}: {e.Message}";
            throw failure?.Invoke(reason) ?? new DrillFailedException(DrillPhases.Restore, reason);
        }
    }

    /// <summary>Runs a tool to its end, keeping <see cref="KeptLines"/> of each stream; cancelled: its tree is killed.</summary>
    public static async Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        await using var process = Start(new ProcessSpec(file, arguments) { TailLines = KeptLines });
        return await process.WaitAsync(cancellationToken);
    }

    /// <summary>What a tool printed, stderr then stdout, as one text to search for its error.</summary>
    public static string Text(ProcessResult result) => string.Join('\n', result.ErrorTail.Concat(result.OutputTail));
}
