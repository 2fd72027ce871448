using System.ComponentModel;
using System.Diagnostics;

namespace BackupExporter.Restore.Physical;

/// <summary>
/// Runs the programs of a restore: one alone, or two as a pipe (<c>zstd -dc f | mbstream -x</c>,
/// <c>mariadb-binlog … | mariadb</c>) joined here rather than by a shell, so that each one's exit status and error
/// line are known. Cancellation (the drill's timeout) kills each program's whole process tree, then throws.
/// </summary>
internal static class ToolRunner
{
    private const int CopyBuffer = 256 * 1024;

    public static async Task<ToolExit> RunAsync(ToolCommand command, CancellationToken cancellationToken) =>
        (await PipeAsync(null, command, null, cancellationToken)).Consumer;

    /// <summary>Runs <c>producer | consumer</c>; <paramref name="observe"/> sees every byte that passes.</summary>
    /// <returns>both exits; the producer's is null when there was none</returns>
    public static async Task<(ToolExit? Producer, ToolExit Consumer)> PipeAsync(
        ToolCommand? producer, ToolCommand consumer, Action<ReadOnlySpan<byte>>? observe, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var producerOutput = new ToolOutput();
        var consumerOutput = new ToolOutput();
        using var first = producer is null ? null : Start(producer, producerOutput, pipedStdout: true);
        Process second;
        try
        {
            second = Start(consumer, consumerOutput, pipedStdout: false);
        }
        catch
        {
            Kill(first);
            throw;
        }
        using var _ = second;
        if (first is null)
            second.StandardInput.Close(); // nothing to read: a tool never waits on the exporter's own stdin
        var copy = first is null ? Task.CompletedTask : CopyAsync(first, second, observe);
        using (cancellationToken.Register(() =>
               {
                   Kill(first);
                   Kill(second);
               }))
        {
            await Task.WhenAll(copy, second.WaitForExitAsync(CancellationToken.None),
                first?.WaitForExitAsync(CancellationToken.None) ?? Task.CompletedTask);
        }
        cancellationToken.ThrowIfCancellationRequested();
        return (first is null ? null : new ToolExit(producer!, first.ExitCode, producerOutput),
            new ToolExit(consumer, second.ExitCode, consumerOutput));
    }

    private static Process Start(ToolCommand command, ToolOutput output, bool pipedStdout)
    {
        var info = new ProcessStartInfo(command.Path)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in command.Arguments)
            info.ArgumentList.Add(argument);
        foreach (var (name, value) in command.Environment)
            info.Environment[name] = value;
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new Win32Exception(2);
        }
        catch (Win32Exception e)
        {
            throw new DrillUnsupportedException($"cannot start {command.Path}: {e.Message}");
        }
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                output.Add(e.Data);
        };
        process.BeginErrorReadLine();
        if (!pipedStdout)
        {
            // The client prints what it was told to print; kept with stderr, so that it neither blocks nor is lost.
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                    output.Add(e.Data);
            };
            process.BeginOutputReadLine();
        }
        return process;
    }

    private static async Task CopyAsync(Process from, Process to, Action<ReadOnlySpan<byte>>? observe)
    {
        var buffer = new byte[CopyBuffer];
        var source = from.StandardOutput.BaseStream;
        var sink = to.StandardInput.BaseStream;
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
            {
                observe?.Invoke(buffer.AsSpan(0, read));
                await sink.WriteAsync(buffer.AsMemory(0, read));
            }
        }
        catch (IOException)
        {
            // The consumer stopped reading (it failed, or was killed): its own exit says why. Stop the producer, as the
            // shell's SIGPIPE would, instead of leaving it blocked on a full pipe.
            Kill(from);
        }
        finally
        {
            try
            {
                to.StandardInput.Close();
            }
            catch (IOException)
            {
                // Already gone.
            }
        }
    }

    private static void Kill(Process? process)
    {
        try
        {
            if (process is { HasExited: false })
                process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // It ended meanwhile.
        }
    }
}
