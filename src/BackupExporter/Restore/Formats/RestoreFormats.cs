using BackupExporter.Configuration;
using BackupExporter.Decoding;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Artifacts;
using BackupExporter.Inspection.Artifacts.Logical;
using BackupExporter.Inspection.Artifacts.Physical;
using BackupExporter.Inspection.Verification;
using BackupExporter.Restore.Logical;
using BackupExporter.Restore.Sandbox;

namespace BackupExporter.Restore.Formats;

/// <summary>
/// The one place an artifact format meets its restore. The switch has no fallback: a format added to
/// <see cref="ArtifactFormat"/> without an entry here fails the build (CS8509), as the inspection's does.
/// </summary>
internal static class RestoreFormats
{
    /// <returns>how the kind's artifacts are restored; null for a kind with nothing to restore (a history row)</returns>
    public static RestoreFormat? Of(BackupKind kind) => kind.Describe().Format switch
    {
        ArtifactFormat.MysqldumpFile => new(LoadDump, static (_, a, ct) => DumpFacts(a, ct), TableCheck.Quick, Supported),
        ArtifactFormat.XtrabackupDirectory => new(null, static (set, a, ct) => Directory.Exists(a)
            ? DirectoryFacts(new PhysicalDirectoryReader(), set, a)
            : XbstreamVerifier.Verify(a, ChecksumMode.None, set.TimeZone, ct).Facts, TableCheck.Full, Supported),
        ArtifactFormat.MydumperDirectory => new(static (artifact, sandbox, _, decoders, ct) => LoadMydumper(artifact, sandbox, decoders,
            ct), static (set, a, ct) => Directory.Exists(a)
            ? DirectoryFacts(new MydumperReader(), set, a) : DumpFacts(a, ct), TableCheck.Quick, Supported),
        ArtifactFormat.MysqlshDirectory => new(static (artifact, sandbox, _, _, ct) => LoadMysqlsh(artifact, sandbox, ct),
            static (set, a, ct) => Directory.Exists(a)
            ? DirectoryFacts(new MysqlshDumpReader(), set, a) : DumpFacts(a, ct), TableCheck.Quick, MysqlshLoad.Unsupported),
        ArtifactFormat.MebHistoryRow or ArtifactFormat.XtrabackupHistoryRow => null,
    };

    private static string? Supported() => null;

    private static async Task<(long, TimeSpan)> LoadDump(ArtifactObservation artifact, SandboxServer sandbox, string database,
        DecoderLibraries decoders, CancellationToken cancellationToken)
    {
        var load = await DumpLoad.LoadAsync(artifact.Path, sandbox, database, decoders, cancellationToken);
        return (load.SqlBytes, load.DecodeTime); // the decoding overlapped the load: its time is also in the restore phase
    }

    private static async Task<(long, TimeSpan)> LoadMydumper(ArtifactObservation artifact, SandboxServer sandbox, DecoderLibraries decoders,
        CancellationToken cancellationToken)
    {
        await MydumperLoad.LoadAsync(artifact.Path, sandbox, decoders, cancellationToken);
        await MydumperLoad.RequireRowsAsync(sandbox, artifact.Path, cancellationToken);
        return (artifact.SizeBytes, TimeSpan.Zero);
    }

    private static async Task<(long, TimeSpan)> LoadMysqlsh(ArtifactObservation artifact, SandboxServer sandbox,
        CancellationToken cancellationToken)
    {
        await MysqlshLoad.LoadAsync(artifact.Path, sandbox, cancellationToken);
        return (artifact.SizeBytes, TimeSpan.Zero);
    }

    private static ArtifactFacts? DumpFacts(string artifact, CancellationToken cancellationToken) =>
        MysqldumpVerifier.Verify(artifact, ChecksumMode.None, cancellationToken).Facts;

    private static ArtifactFacts? DirectoryFacts(IDirectoryArtifactReader reader, BackupSetConfig set, string directory) =>
        reader.Read(directory, DirectoryWalk.Walk(directory), set.TimeZone).Facts;
}
