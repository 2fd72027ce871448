using BackupExporter.Configuration;
using BackupExporter.Inspection.Verification;

namespace BackupExporter.Inspection.Artifacts.Physical;

/// <summary>
/// Verifies an .xbstream file (plain, .gz or .zst) in one read: its checksum sidecar, its compression, and its
/// chunk structure (every payload's CRC-32, the metadata files, the end-of-file chunk of xtrabackup_info).
/// </summary>
internal static class XbstreamVerifier
{
    public static bool IsXbstreamName(string fileName) => fileName.Contains(".xbstream", StringComparison.OrdinalIgnoreCase);

    public static DumpVerification Verify(string path, ChecksumMode mode, TimeZoneInfo zone, CancellationToken ct)
    {
        var sidecar = ChecksumSidecars.Find(path, mode);
        var stream = new XbstreamParser();
        var read = OnePassReader.Read(path, sidecar.Expected?.Algorithm, ct, stream);
        var metadata = stream.Metadata;
        var checks = new Dictionary<string, CheckResult>
        {
            [CheckNames.Compression] = read.CompressionCheck(),
        };
        CheckResult complete;
        if (read.CompressionError is { } damaged)
            complete = CheckResult.Fail($"cannot judge: {damaged}; the xbstream inside cannot be followed to its end");
        else if (stream.Finish() is { } broken)
            complete = CheckResult.Fail($"{broken}: the backup stream is incomplete");
        else if (!XtrabackupMetadata.Names(XtrabackupMetadata.InfoFile).Any(stream.FinishedFiles.Contains))
            complete = CheckResult.Fail($"the stream of {stream.Chunks} chunks has no xtrabackup_info: the tool did not finish (it "
                + $"streams that file last)");
        else
            complete = PhysicalBackupJudge.Complete(metadata, path);
        checks[CheckNames.Complete] = complete;
        if (mode != ChecksumMode.None)
            checks[CheckNames.Checksum] = ChecksumVerdict.Judge(sidecar, read.ActualHexDigest);
        return new DumpVerification(checks, PhysicalBackupJudge.Facts(metadata, zone, complete.Ok), read.BytesRead, read.Compression);
    }
}
