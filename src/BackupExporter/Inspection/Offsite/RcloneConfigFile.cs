namespace BackupExporter.Inspection.Offsite;

/// <summary>The rclone configuration holds storage credentials: like a password file, it must not be readable by others.</summary>
internal static class RcloneConfigFile
{
    public static IReadOnlyList<string> Warnings(string? path)
    {
        if (path is null || OperatingSystem.IsWindows())
            return [];
        try
        {
            if (!File.Exists(path))
                return [$"rclone_config {path} does not exist; rclone falls back to its defaults and the remote is probably unknown"];
            return (File.GetUnixFileMode(path) & UnixFileMode.OtherRead) != 0
                ? [$"{path} holds storage credentials and is readable by every user on the machine; chmod 600 (or 640 "
                    + $"with the exporter's group)"]
                : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [$"cannot read the permissions of rclone_config {path}: {e.Message}"];
        }
    }
}
