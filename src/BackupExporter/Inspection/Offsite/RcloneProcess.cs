using BackupExporter.Platform;
using BackupExporter.Platform.Processes;

namespace BackupExporter.Inspection.Offsite;

/// <summary>What one rclone call ended with: its exit code and the last line it wrote to stderr, redacted.</summary>
internal sealed record RcloneResult(int ExitCode, string? LastError)
{
    public bool Ok => ExitCode == 0;

    /// <summary>rclone's exit code 5: a temporary error (network, throttling) that a retry may get past.</summary>
    public bool Transient => ExitCode == 5;

    /// <summary>One line for people: what rclone said, or what its exit code means (man rclone, "Exit Code").</summary>
    public string Describe(string command) =>
        $"rclone {command} failed (exit {ExitCode}, {Meaning(ExitCode)})" + (LastError is { Length: > 0 } e ? ": " + e : "");

    public static string Meaning(int code) => code switch
    {
        1 => "syntax, usage or authentication error",
        2 => "error not otherwise categorised",
        3 => "directory not found",
        4 => "file not found",
        5 => "temporary error, a retry may succeed",
        6 => "less serious errors (NoRetry)",
        7 => "fatal error",
        8 => "transfer limit exceeded",
        9 => "nothing transferred",
        _ => code < 0 ? "killed" : "unknown exit code",
    };
}

/// <summary>
/// Runs rclone as a child process with the flags every call needs: the remote's own configuration file, connection and
/// I/O timeouts, one low-level retry and one attempt (the exporter decides about retries), no prompt for a config
/// password. When the caller's token is cancelled (the inspection's timeout) rclone and its children are killed.
/// The exporter never sees storage credentials: they stay in rclone's configuration.
/// </summary>
internal static class RcloneProcess
{
    public const string Executable = "rclone";

    /// <summary>The common flags, then the command's own arguments.</summary>
    public static List<string> Arguments(string? configFile, TimeSpan timeout, IEnumerable<string> command)
    {
        var connect = TimeSpan.FromSeconds(Math.Clamp(timeout.TotalSeconds / 2, 1, 15));
        var args = new List<string>();
        if (configFile is not null)
            args.AddRange(["--config", configFile]);
        args.AddRange([
            "--contimeout", Seconds(connect), "--timeout", Seconds(timeout), "--low-level-retries", "1", "--retries", "1",
            "--ask-password=false", "--use-json-log=false",
        ]);
        args.AddRange(command);
        return args;
    }

    /// <summary>
    /// Runs one call; <paramref name="readOutput"/> consumes its stdout as it arrives (a listing of 10,000 objects is
    /// never held as one string). Throws <see cref="OperationCanceledException"/> after killing rclone when cancelled.
    /// </summary>
    public static async Task<RcloneResult> RunAsync(string? configFile, TimeSpan timeout, IEnumerable<string> command,
        Func<Stream, CancellationToken, Task> readOutput, CancellationToken cancellationToken)
    {
        var spec = new ProcessSpec(Executables.Find(Executable) ?? Executable, Arguments(configFile, timeout, command))
        {
            Output = OutputSink.Stream,
            Error = OutputSink.Lines(),
            TailLines = 8, // the newest lines: a chatty rclone cannot fill memory; the last error line is the cause
        };
        RunningProcess process;
        try
        {
            process = ProcessRunner.Start(spec);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"cannot start rclone ({e.Message}); install it (Debian: apt-get install rclone)", e);
        }
        // Disposing kills rclone's tree and waits until it is gone when the reader failed: a run that says rclone was
        // stopped returns when it is, not while the kernel is still tearing it down.
        await using (process)
        {
            using var kill = cancellationToken.Register(process.Kill);
            try
            {
                await readOutput(process.Output, cancellationToken);
                // Drain what the reader left so that rclone never blocks on a full pipe.
                await process.Output.CopyToAsync(Stream.Null, cancellationToken);
                var result = await process.WaitAsync(cancellationToken);
                return new RcloneResult(result.ExitCode, LastError(result.ErrorTail));
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                await process.StopAsync(TimeSpan.Zero);
                throw new OperationCanceledException(cancellationToken);
            }
        }
    }

    /// <summary>The last ERROR/Failed line without rclone's date prefix, redacted; else the last line.</summary>
    private static string? LastError(IReadOnlyList<string> lines)
    {
        var line = lines.LastOrDefault(l => l.Contains("ERROR", StringComparison.Ordinal) || l.Contains("Failed", StringComparison.Ordinal)
                || l.Contains("CRITICAL", StringComparison.Ordinal))
            ?? (lines.Count > 0 ? lines[^1] : null);
        return line is null ? null : SecretRedactor.RedactText(StripDate(line));
    }

    // "2026/11/30 03:00:00 ERROR : ..." → "ERROR : ..."
    private static string StripDate(string line) =>
        line.Length > 20 && line[4] == '/' && line[7] == '/' && line[10] == ' ' && line[13] == ':' ? line[20..] : line;

    private static string Seconds(TimeSpan span) => FormattableString.Invariant($"{Math.Max(1, (long)Math.Ceiling(span.TotalSeconds))}s");
}
