using BackupExporter.Inspection.Verification;

namespace BackupExporter.Inspection.Artifacts.Physical;

/// <summary>
/// The <c>complete</c> verdict and the facts of an XtraBackup / mariabackup backup, from its metadata files: the
/// tools write xtrabackup_checkpoints and xtrabackup_info when the copy is done, so a backup without them, or with
/// one cut off, did not finish.
/// </summary>
internal static class PhysicalBackupJudge
{
    private static readonly string[] NotableFlags = ["partial", "compressed", "encrypted"];

    public static CheckResult Complete(XtrabackupMetadata metadata, string where)
    {
        if (metadata.Checkpoints is null)
            return CheckResult.Fail($"no xtrabackup_checkpoints in {where}: the backup did not finish (the tool writes it "
                + $"when the copy is done)");
        if (metadata.BackupType is null || metadata.ToLsn is null)
            return CheckResult.Fail($"xtrabackup_checkpoints in {where} is cut off: it has "
                + $"no {(metadata.BackupType is null ? "backup_type" : "to_lsn")}");
        if (metadata.Info is null)
            return CheckResult.Fail($"no xtrabackup_info in {where}: the backup did not finish (the tool writes it last)");
        if (metadata.Value("end_time") is null)
            return CheckResult.Fail($"xtrabackup_info in {where} is cut off: it has no end_time");
        var flags = NotableFlags.Where(metadata.Flag).ToList();
        return CheckResult.Pass($"{metadata.BackupType}{(metadata.Prepared ? " (prepared)" : "")} backup, "
            + $"LSN {metadata.FromLsn ?? 0} to {metadata.ToLsn}"
            + $", finished {metadata.Value("end_time")}" + (flags.Count > 0 ? $" ({string.Join(", ", flags)})" : ""));
    }

    public static ArtifactFacts Facts(XtrabackupMetadata metadata, TimeZoneInfo zone, bool complete)
    {
        // xtrabackup_binlog_info is authoritative; xtrabackup_info's binlog_pos says the same in prose.
        var (file, position, gtid) = metadata.BinlogInfo is { } b
            ? (b.File, b.Position, b.Gtid)
            : metadata.Value("binlog_pos") is { } prose ? BinlogPositionText.Parse(prose) : (null, null, null);
        var tool = metadata.Value("tool_name") is { } name ? $"{name} {metadata.Value("tool_version")}".Trim() : null;
        return new ArtifactFacts(complete, metadata.Value("end_time"), tool, metadata.Value("server_version"), file, position, gtid)
        {
            StartedAt = metadata.Time("start_time", zone),
            EndedAt = metadata.Time("end_time", zone),
            BackupType = metadata.BackupType,
            FromLsn = metadata.FromLsn,
            ToLsn = metadata.ToLsn,
        };
    }

    /// <summary>Reads a backup directory's metadata files (small; read only when the directory changed).</summary>
    public static XtrabackupMetadata ReadDirectory(string directory, DirectoryWalk walk)
    {
        string? Read(string which)
        {
            foreach (var name in XtrabackupMetadata.Names(which))
            {
                if (!walk.Contains(name))
                    continue;
                using var stream = new FileStream(Path.Combine(directory, name), FileMode.Open, FileAccess.Read,
                    FileShare.ReadWrite | FileShare.Delete);
                var buffer = new byte[Math.Min(stream.Length, XtrabackupMetadata.MaxBytes)];
                stream.ReadExactly(buffer);
                return XtrabackupMetadata.Decode(buffer);
            }
            return null;
        }
        return XtrabackupMetadata.FromTexts(Read(XtrabackupMetadata.CheckpointsFile), Read(XtrabackupMetadata.InfoFile),
            Read(XtrabackupMetadata.BinlogInfoFile));
    }
}
