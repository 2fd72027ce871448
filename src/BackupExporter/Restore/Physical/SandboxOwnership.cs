using BackupExporter.Inspection.Drills;
using BackupExporter.Platform.Processes;

namespace BackupExporter.Restore.Physical;

/// <summary>
/// Gives a restored datadir to the user the sandbox server runs as. A drill run by root copies and prepares files as
/// root, but <c>mariadbd --user=mysql</c> drops to <c>mysql</c> before opening them: the datadir takes the owner of
/// the directory it lies in (the sandbox's own, which the drill made for that user), or <c>mysql:mysql</c> when that
/// directory is root's. A drill run by any other user made the files its own already.
/// </summary>
internal static class SandboxOwnership
{
    public const string DefaultOwner = "mysql:mysql";

    public static async Task ApplyAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        if (!Environment.IsPrivilegedProcess)
            return;
        var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(dataDirectory))!;
        var stat = await ToolRunner.RunAsync(new ToolCommand(Coreutil("stat"), ["-c", "%u:%g", "--", parent]), cancellationToken);
        var parentOwner = stat.Ok && stat.Output.Tail is [.., var line] ? line : null;
        var owner = parentOwner is null or "0:0" ? DefaultOwner : parentOwner;
        var chown = await ToolRunner.RunAsync(new ToolCommand(Coreutil("chown"), ["-R", "--", owner, dataDirectory]), cancellationToken);
        if (!chown.Ok)
            throw new DrillFailedException(DrillPhases.Restore, $"cannot give {dataDirectory} to {owner}, the sandbox server's "
                + $"user: {chown.Describe()}");
    }

    private static string Coreutil(string name) =>
        Executables.Find(name) ?? throw new DrillUnsupportedException($"{name} is not installed (Debian package coreutils)");
}
