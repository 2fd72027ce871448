using System.Diagnostics;
using BackupExporter.Inspection.Drills;

namespace BackupExporter.Restore;

/// <summary>Runs a drill's tool to completion, capturing its output; cancelled means killed with its children.</summary>
internal static class ChildProcess
{
    internal sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, CancellationToken cancellationToken,
        IDictionary<string, string>? environment = null)
    {
        using var process = Start(file, args, redirectInput: false, environment);
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await WaitAsync(process, cancellationToken);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static Process Start(string file, IEnumerable<string> args, bool redirectInput, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = redirectInput, UseShellExecute = false,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            info.Environment[key] = value;
        try
        {
            return Process.Start(info) ?? throw new DrillFailedException(DrillPhases.Restore, $"cannot start {file}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new DrillFailedException(DrillPhases.Restore, $"cannot start {file}: {e.Message}");
        }
    }

    /// <summary>Waits for the process; on cancellation kills it and its children before rethrowing.</summary>
    public static async Task WaitAsync(Process process, CancellationToken cancellationToken)
    {
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }
    }

    public static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>The last non-empty line of a tool's output: usually its verdict.</summary>
    public static string LastLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no output)";
}
