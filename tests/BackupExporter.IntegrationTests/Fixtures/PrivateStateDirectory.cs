using System.Runtime.CompilerServices;

namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>
/// Every exporter these tests start (as root) would otherwise keep its log offsets and run status files in the
/// machine's /var/lib/backup-exporter, the packaged service's directory, which the package test installs, checks the
/// ownership of and purges. The test process points <c>STATE_DIRECTORY</c>, which its children inherit, at a
/// directory of its own; a test that means the default removes it for its command (<c>env -u STATE_DIRECTORY</c>).
/// </summary>
internal static class PrivateStateDirectory
{
    public static string Path { get; private set; } = "";

    [ModuleInitializer]
    internal static void PointChildrenAtIt()
    {
        if (Environment.GetEnvironmentVariable("STATE_DIRECTORY") is { Length: > 0 } given)
        {
            Path = given;
            return;
        }
        Path = Directory.CreateTempSubdirectory("backup-exporter-tests-state-").FullName;
        Environment.SetEnvironmentVariable("STATE_DIRECTORY", Path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // An exporter still writing at exit: the temporary directory is left to the system's cleaning.
            }
        };
    }
}
