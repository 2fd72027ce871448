using BackupExporter.Configuration;
using BackupExporter.Decoding;
namespace BackupExporter.Inspection.Artifacts;

/// <summary>
/// A finished artifact of 0 bytes: what a tool leaves when it fails before writing anything (a refused login with
/// <c>--result-file</c>, a shell redirect opened before the command ran). It fails <c>complete</c> alone, with one
/// reason; its compression, checksum and size are not judged (no <c>check_ok</c> series), because each of them would
/// only say again that the file is empty, and raise an alert of its own for the one cause.
/// </summary>
internal static class EmptyArtifact
{
    public const string Reason = "the file is empty (0 bytes)";

    public static ArtifactObservation Observe(string path, DateTimeOffset modified) =>
        new(path, 0, modified, false,
            CheckTable.Of(CheckNames.Complete, CheckResult.Fail(Reason)), null, CompressionFormat.None);

    /// <summary>An artifact of 0 bytes that failed <c>complete</c>: its size is not judged either.</summary>
    public static bool IsJudgedEmpty(ArtifactObservation artifact) =>
        artifact.SizeBytes == 0 && artifact.Checks.TryGetValue(CheckNames.Complete, out var complete) && !complete.Ok;
}
