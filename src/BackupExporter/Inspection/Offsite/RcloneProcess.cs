using System.Diagnostics;
using BackupExporter.Platform;

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
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments(configFile, timeout, command))
            start.ArgumentList.Add(argument);
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"cannot start rclone ({e.Message}); install it (Debian: apt-get install rclone)", e);
        }
        process.StandardInput.Close();
        var stderr = new LastLines(8);
        var errors = ReadErrorsAsync(process.StandardError, stderr);
        using var kill = cancellationToken.Register(() => Kill(process));
        try
        {
            await readOutput(process.StandardOutput.BaseStream, cancellationToken);
            // Drain what the reader left so that rclone never blocks on a full pipe.
            await process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, cancellationToken);
            await errors.WaitAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            KillAndWait(process);
            throw new OperationCanceledException(cancellationToken);
        }
        catch
        {
            KillAndWait(process);
            throw;
        }
        return new RcloneResult(process.ExitCode, stderr.LastError());
    }

    private static async Task ReadErrorsAsync(StreamReader reader, LastLines lines)
    {
        while (await reader.ReadLineAsync() is { } line)
            lines.Add(line);
    }

    /// <summary>Kills rclone and waits (briefly) until it is gone: a run that says rclone was stopped returns when it
    /// is, not while the kernel is still tearing it down.</summary>
    private static void KillAndWait(Process process)
    {
        Kill(process);
        try
        {
            process.WaitForExit(KillWait);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Never started or already reaped.
        }
    }

    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(5);

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private static string Seconds(TimeSpan span) => FormattableString.Invariant($"{Math.Max(1, (long)Math.Ceiling(span.TotalSeconds))}s");

    /// <summary>The newest lines of stderr, so that a chatty rclone cannot fill memory; the last error line is the cause.</summary>
    private sealed class LastLines(int capacity)
    {
        private readonly Queue<string> _lines = new();
        private readonly Lock _lock = new();

        public void Add(string line)
        {
            if (string.IsNullOrWhiteSpace(line))
                return;
            lock (_lock)
            {
                if (_lines.Count == capacity)
                    _lines.Dequeue();
                _lines.Enqueue(line);
            }
        }

        /// <summary>The last ERROR/Failed line without rclone's date prefix, redacted; else the last line.</summary>
        public string? LastError()
        {
            lock (_lock)
            {
                var line = _lines.LastOrDefault(l => l.Contains("ERROR", StringComparison.Ordinal)
                    || l.Contains("Failed", StringComparison.Ordinal) || l.Contains("CRITICAL", StringComparison.Ordinal))
                    ?? _lines.LastOrDefault();
                return line is null ? null : SecretRedactor.RedactText(StripDate(line));
            }
        }

        // "2026/11/30 03:00:00 ERROR : ..." → "ERROR : ..."
        private static string StripDate(string line) =>
            line.Length > 20 && line[4] == '/' && line[7] == '/' && line[10] == ' ' && line[13] == ':' ? line[20..] : line;
    }
}
