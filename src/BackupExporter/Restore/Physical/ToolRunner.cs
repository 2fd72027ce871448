using BackupExporter.Platform.Processes;

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
        // Disposing either stops it if it still runs: a consumer that cannot start leaves no producer behind.
        await using var first = producer is null ? null : Start(producer, producerOutput, pipedStdout: true, pipedStdin: false);
        await using var second = Start(consumer, consumerOutput, pipedStdout: false, pipedStdin: first is not null);
        var copy = first is null ? Task.CompletedTask : CopyAsync(first, second, observe);
        var firstEnd = first?.WaitAsync(CancellationToken.None);
        var secondEnd = second.WaitAsync(CancellationToken.None);
        using (cancellationToken.Register(() =>
               {
                   first?.Kill();
                   second.Kill();
               }))
        {
            await Task.WhenAll(copy, secondEnd, firstEnd ?? Task.CompletedTask);
        }
        cancellationToken.ThrowIfCancellationRequested();
        var firstExit = firstEnd is null ? null : new ToolExit(producer!, (await firstEnd).ExitCode, producerOutput);
        return (firstExit, new ToolExit(consumer, (await secondEnd).ExitCode, consumerOutput));
    }

    private static RunningProcess Start(ToolCommand command, ToolOutput output, bool pipedStdout, bool pipedStdin) =>
        ToolStart.Start(new ProcessSpec(command.Path, command.Arguments)
        {
            Environment = command.Environment,
            // Nothing to read: a tool never waits on the exporter's own stdin.
            Input = pipedStdin ? ProcessInput.Pipe : ProcessInput.Closed,
            // The client prints what it was told to print; kept with stderr, so that it neither blocks nor is lost.
            Output = pipedStdout ? OutputSink.Stream : OutputSink.Lines(output.Add),
            Error = OutputSink.Lines(output.Add),
            TailLines = 0, // ToolOutput keeps the lines that tell
        }, message => new DrillUnsupportedException(message));

    private static async Task CopyAsync(RunningProcess from, RunningProcess to, Action<ReadOnlySpan<byte>>? observe)
    {
        var buffer = new byte[CopyBuffer];
        var source = from.Output;
        var sink = to.Input;
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
            from.Kill();
        }
        finally
        {
            to.CloseInput();
        }
    }
}
