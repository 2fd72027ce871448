using System.Reflection;

namespace BackupExporter.Platform;

internal static class VersionInfo
{
    public static readonly string Version =
        typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "unknown";
}
