using System.Diagnostics;

namespace BackupExporter.Tests.Support;

/// <summary>Runs a real command-line tool (gzip, zstd, sha256sum) to make test inputs the way operators do.</summary>
internal static class Tool
{
    public static string Run(string file, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {stderr} (install it: apt-get "
                + $"install gzip zstd coreutils)");
        return stdout;
    }

    /// <summary>Runs a shell line, for pipes and redirections.</summary>
    public static string Shell(string command) => Run("bash", "-c", "set -euo pipefail; " + command);
}
