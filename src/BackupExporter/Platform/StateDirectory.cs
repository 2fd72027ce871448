namespace BackupExporter.Platform;

/// <summary>
/// Where the exporter and the run wrapper keep state that must survive a restart (log offsets, run status files):
/// <c>$STATE_DIRECTORY</c> when systemd sets it (<c>StateDirectory=backup-exporter</c>); else
/// <c>/var/lib/backup-exporter</c> when this user may write there (or create it); else <c>$XDG_STATE_HOME/backup-exporter</c>
/// or <c>~/.local/state/backup-exporter</c>.
/// </summary>
internal static class StateDirectory
{
    public const string SystemPath = "/var/lib/backup-exporter";

    public static string Default() => Resolve(Environment.GetEnvironmentVariable, IsWritable);

    /// <summary>The choice itself, with the environment and the file system check given (for tests).</summary>
    public static string Resolve(Func<string, string?> environment, Func<string, bool> writable)
    {
        // systemd may list several directories separated by colons; the first is the unit's own.
        if (environment("STATE_DIRECTORY") is { Length: > 0 } systemd)
            return systemd.Split(':')[0];
        if (writable(SystemPath))
            return SystemPath;
        if (environment("XDG_STATE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
            return Path.Combine(xdg, "backup-exporter");
        var home = environment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".local", "state", "backup-exporter");
    }

    /// <summary>Writable if it exists and may be written to, or does not exist and its parent may be written to.</summary>
    public static bool IsWritable(string directory) =>
        Directory.Exists(directory)
            ? LibC.CanWriteIn(directory)
            : Path.GetDirectoryName(directory) is { } parent && Directory.Exists(parent) && LibC.CanWriteIn(parent);
}
