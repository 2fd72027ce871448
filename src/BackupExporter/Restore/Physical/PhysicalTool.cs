using BackupExporter.Configuration;
using BackupExporter.Inspection.Artifacts.Physical;
using BackupExporter.Platform.Processes;

namespace BackupExporter.Restore.Physical;

/// <summary>
/// The program that prepares a backup: the one that made it (xtrabackup_info's <c>tool_name</c>; the set's kind when
/// the backup does not say). mariabackup applies each incremental to a prepared base; XtraBackup prepares all but
/// the last with <c>--apply-log-only</c> (mariabackup refuses that option: <c>unknown option '--apply-log-only'</c>).
/// XtraBackup is not packaged in Debian: without it, a drill of its backups is unsupported here, not failed.
/// </summary>
internal sealed record PhysicalTool(string Path, bool IsXtrabackup)
{
    public string Name => IsXtrabackup ? "xtrabackup" : "mariabackup";

    public static PhysicalTool For(BackupKind kind, XtrabackupMetadata metadata, string where)
    {
        var toolName = metadata.Value("tool_name") ?? "";
        var xtrabackup = toolName.Length == 0 ? kind.Describe().Maker == PhysicalMaker.Xtrabackup : toolName.Contains("xtrabackup",
            StringComparison.OrdinalIgnoreCase);
        var name = xtrabackup ? "xtrabackup" : "mariabackup";
        if (metadata.Flag("encrypted"))
            throw new DrillUnsupportedException($"{where} is encrypted: the drill does not hold its key, so it cannot prepare it");
        if (metadata.Flag("compressed"))
            throw new DrillUnsupportedException($"{where} is compressed file by file ({name} --compress): the drill does not run "
                + $"--decompress, so it cannot prepare it");
        var path = xtrabackup ? Executables.Find("xtrabackup") : Executables.Find("mariadb-backup", "mariabackup");
        return path is not null ? new PhysicalTool(path, xtrabackup) : throw new DrillUnsupportedException(xtrabackup
            ? $"xtrabackup is not installed on this host (Percona XtraBackup is not packaged in Debian): {where} was made by {toolName} "
                + $"and only xtrabackup prepares it"
            : $"mariabackup is not installed on this host (apt-get install mariadb-backup): it is needed to prepare {where}");
    }

    /// <summary>The extractor of .xbstream files of a kind, before any backup has said which tool made it.</summary>
    public static string Extractor(BackupKind kind) =>
        (kind.Describe().Maker == PhysicalMaker.Xtrabackup
            ? Executables.Find("xbstream", "mbstream")
            : Executables.Find("mbstream", "xbstream"))
        ?? throw new DrillUnsupportedException("neither mbstream nor xbstream is installed (Debian package mariadb-backup): it is needed "
            + "to extract .xbstream backups");

    /// <summary>The prepare commands, in order: the full backup, then each incremental on top of it.</summary>
    /// <param name="incrementals">oldest first</param>
    public IEnumerable<(ToolCommand Command, string What)> PrepareSteps(string full, IReadOnlyList<string> incrementals)
    {
        // Only the tool's own options: the host's my.cnf must not change how a copy in the sandbox is prepared.
        IReadOnlyList<string> Base(bool applyLogOnly) =>
            ["--no-defaults", "--prepare", .. applyLogOnly ? (string[])["--apply-log-only"] : [], $"--target-dir={full}"];

        yield return (new ToolCommand(Path, Base(IsXtrabackup && incrementals.Count > 0)), "the full backup");
        for (var i = 0; i < incrementals.Count; i++)
        {
            var last = i == incrementals.Count - 1;
            yield return (new ToolCommand(Path, [.. Base(IsXtrabackup && !last), $"--incremental-dir={incrementals[i]}"]),
                $"incremental {i + 1} of {incrementals.Count}");
        }
    }
}
