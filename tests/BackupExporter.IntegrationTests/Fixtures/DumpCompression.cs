namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>How <see cref="DumpMaker"/> compresses a dump: not at all, or through the system's gzip or zstd.</summary>
public enum DumpCompression
{
    None,
    Gzip,
    Zstd,
}
