using BackupExporter.Platform;
using System.Globalization;

namespace BackupExporter.Restore.Sandbox;

/// <summary>
/// The scratch directory of drills: one lock file (one drill per host at a time) and one <c>sandbox-*</c> directory
/// per drill. A drill killed half-way leaves its directory behind (its server is killed by the watchdog); the next
/// drill, once it holds the lock, kills any server still running from such a directory and removes it.
/// </summary>
internal sealed class ScratchArea : IDisposable
{
    public const string LockFileName = "drill.lock";
    public const string SandboxPrefix = "sandbox-";

    private readonly FileStream _lock;

    private ScratchArea(string directory, FileStream lockFile)
    {
        Directory = directory;
        _lock = lockFile;
    }

    public string Directory { get; }

    /// <summary>Takes the host's drill lock in <paramref name="directory"/>; null with the reason when another drill holds it.</summary>
    public static (ScratchArea? Area, string? Busy) Acquire(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, LockFileName);
        try
        {
            // FileShare.None is an flock(LOCK_EX) on Linux: released by the kernel when the holder dies, even by SIGKILL.
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            var pid = System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
            stream.Write(pid);
            stream.Flush();
            return (new ScratchArea(directory, stream), null);
        }
        catch (IOException)
        {
            var holder = ReadHolder(path);
            return (null, $"another restore drill is running on this host (it holds {path}{(holder is null ? "" : $", pid {holder}")}); "
                + $"one drill runs at a time");
        }
    }

    private static string? ReadHolder(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadLine()?.Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Kills servers left by killed drills and removes their directories; returns what was cleaned, for the log.</summary>
    public IReadOnlyList<string> CleanStale()
    {
        var cleaned = new List<string>();
        foreach (var stale in StaleSandboxes())
        {
            KillServerOf(stale);
            Remove(stale);
            cleaned.Add(stale);
        }
        return cleaned;
    }

    /// <summary>The sandbox directories of drills that did not finish (only while this area holds the lock).</summary>
    public IReadOnlyList<string> StaleSandboxes() => [.. System.IO.Directory.EnumerateDirectories(Directory, SandboxPrefix + "*")];

    /// <summary>The path the next sandbox directory gets (the time and this process's id).</summary>
    public string NextSandboxPath() =>
        Path.Combine(Directory, SandboxPrefix + DateTime.UtcNow.ToString("yyyyMMddTHHmmss", CultureInfo.InvariantCulture) + "-"
            + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

    /// <summary>A new, empty, private (0700) sandbox directory.</summary>
    public string CreateSandboxDirectory()
    {
        var path = NextSandboxPath();
        System.IO.Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>
    /// Kills the server whose pid file is in <paramref name="sandbox"/>, if that pid still runs a server of this sandbox.
    /// </summary>
    public static void KillServerOf(string sandbox)
    {
        var pidFile = SandboxServer.PidFileOf(sandbox);
        if (!File.Exists(pidFile)) return;
        if (!int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return;
        try
        {
            // The pid may have been reused: only a process started for this sandbox is killed.
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            if (!commandLine.Contains(sandbox, StringComparison.Ordinal)) return;
        }
        catch (IOException)
        {
            return;
        }
        LibC.Kill(pid, 9);
        var until = DateTime.UtcNow.AddSeconds(30);
        while (ProcessState.IsAlive(pid) && DateTime.UtcNow < until)
            Thread.Sleep(50);
    }

    public static void Remove(string sandbox)
    {
        try
        {
            System.IO.Directory.Delete(sandbox, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    public void Dispose() => _lock.Dispose();
}
