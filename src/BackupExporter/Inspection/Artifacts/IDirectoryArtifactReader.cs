using BackupExporter.Inspection.Verification;

namespace BackupExporter.Inspection.Artifacts;

/// <summary>What a directory artifact's own files say: whether the tool finished, and what it recorded.</summary>
internal sealed record DirectoryVerdict(CheckResult Complete, ArtifactFacts? Facts);

/// <summary>Reads one kind of directory artifact (physical backup, mydumper, MySQL Shell dump) from its marker files.</summary>
internal interface IDirectoryArtifactReader
{
    /// <exception cref="IOException">a marker file cannot be read</exception>
    /// <exception cref="UnauthorizedAccessException">permission denied</exception>
    DirectoryVerdict Read(string directory, DirectoryWalk walk, TimeZoneInfo zone);
}
